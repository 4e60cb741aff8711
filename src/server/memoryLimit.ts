// The default of --max-pending-bytes: a share of the memory limit of the process's cgroup (what a
// container's `resources.limits.memory` becomes), or a fixed budget when no limit is set. Pending
// interrupts live outside V8's heap, so this budget and --max-old-space-size are separate shares of
// the same limit (docs/operating.md, Memory).

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The share of the cgroup memory limit that pending interrupts may hold by default. */
export const PENDING_BUDGET_SHARE = 0.5;
/** The budget when no cgroup limit applies (a developer's machine): about 80 full I/O queues. */
export const FIXED_PENDING_BUDGET_BYTES = 1024 * 1024 * 1024;
/** cgroup v1 reports "no limit" as a huge number (PAGE_COUNTER_MAX pages); anything above this is none. */
const UNLIMITED_ABOVE = 2 ** 60;

export interface CgroupPaths {
  /** Where the cgroup file system is mounted. */
  readonly root: string;
  /** The process's cgroup membership (/proc/self/cgroup). */
  readonly self: string;
}

const SYSTEM_PATHS: CgroupPaths = { root: '/sys/fs/cgroup', self: '/proc/self/cgroup' };

function readLimit(file: string): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  if (!/^\d+$/.test(text)) return null; // "max" (v2): no limit at this level
  const n = Number(text);
  return n > 0 && n < UNLIMITED_ABOVE ? n : null;
}

/** The lowest limit set on `dir` or any ancestor below `root` (each of them applies). */
function lowestOnPath(root: string, cgroup: string, file: string): number | null {
  let lowest: number | null = null;
  for (let dir = path.posix.normalize(`/${cgroup}`); ; dir = path.posix.dirname(dir)) {
    const limit = readLimit(path.join(root, dir, file));
    if (limit !== null && (lowest === null || limit < lowest)) lowest = limit;
    if (dir === '/') return lowest;
  }
}

/** The memory limit that applies to this process, in bytes, or null when there is none. */
export function cgroupMemoryLimit(paths: CgroupPaths = SYSTEM_PATHS): number | null {
  let membership: string;
  try {
    membership = readFileSync(paths.self, 'utf8');
  } catch {
    return null;
  }
  for (const line of membership.split('\n')) {
    const [, controllers, cgroup] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (cgroup === undefined || controllers === undefined) continue;
    // cgroup v2: one unified hierarchy, listed as "0::/path".
    if (controllers === '') {
      const limit = lowestOnPath(paths.root, cgroup, 'memory.max');
      if (limit !== null) return limit;
    }
    // cgroup v1: the memory controller's own hierarchy.
    if (controllers.split(',').includes('memory')) {
      const limit = lowestOnPath(path.join(paths.root, 'memory'), cgroup, 'memory.limit_in_bytes');
      if (limit !== null) return limit;
    }
  }
  return null;
}

/** The budget in bytes: the configured one, else the share of the cgroup limit, else the fixed default. */
export function choosePendingBudget(configured: number | null, paths: CgroupPaths = SYSTEM_PATHS): number {
  if (configured !== null) return configured;
  const limit = cgroupMemoryLimit(paths);
  if (limit === null) return FIXED_PENDING_BUDGET_BYTES;
  return Math.max(1, Math.floor(limit * PENDING_BUDGET_SHARE));
}
