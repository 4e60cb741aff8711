// The default pending-interrupt budget: the cgroup memory limit as Linux shows it (v2's unified
// hierarchy, v1's memory controller, every ancestor's limit applying), read from a directory tree
// laid out like /sys/fs/cgroup and /proc/self/cgroup.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FIXED_PENDING_BUDGET_BYTES,
  PENDING_BUDGET_SHARE,
  cgroupMemoryLimit,
  choosePendingBudget,
  type CgroupPaths,
} from '../../src/server/memoryLimit.js';

const GiB = 1024 ** 3;
let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A fake cgroup tree: `membership` is /proc/self/cgroup, `files` maps paths under the root to contents. */
function tree(membership: string, files: Record<string, string>): CgroupPaths {
  dir = mkdtempSync(path.join(tmpdir(), 'flic-cgroup-'));
  const root = path.join(dir, 'sys');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const self = path.join(dir, 'self-cgroup');
  writeFileSync(self, membership);
  return { root, self };
}

describe('the cgroup memory limit', () => {
  it('cgroup v2: the lowest memory.max on the way from the process to the root', () => {
    const paths = tree('0::/kubepods/pod1/flic\n', {
      'kubepods/memory.max': String(8 * GiB),
      'kubepods/pod1/memory.max': String(2 * GiB),
      'kubepods/pod1/flic/memory.max': 'max\n',
    });
    expect(cgroupMemoryLimit(paths)).toBe(2 * GiB);
  });

  it('cgroup v2 in a container namespace ("0::/") and without any limit', () => {
    expect(cgroupMemoryLimit(tree('0::/\n', { 'memory.max': '536870912\n' }))).toBe(512 * 1024 ** 2);
    expect(cgroupMemoryLimit(tree('0::/\n', { 'memory.max': 'max\n' }))).toBeNull();
  });

  it('cgroup v1: the memory controller, where "no limit" is a huge number', () => {
    const v1 = '5:cpu,cpuacct:/x\n4:memory:/docker/abc\n0::/\n';
    expect(cgroupMemoryLimit(tree(v1, { 'memory/docker/abc/memory.limit_in_bytes': String(GiB) }))).toBe(GiB);
    expect(cgroupMemoryLimit(tree(v1, { 'memory/docker/abc/memory.limit_in_bytes': '9223372036854771712' }))).toBeNull();
  });

  it('no cgroup files at all: no limit', () => {
    expect(cgroupMemoryLimit({ root: '/nonexistent/cgroup', self: '/nonexistent/self' })).toBeNull();
    expect(cgroupMemoryLimit(tree('garbage\n', {}))).toBeNull();
  });

  it('reads this machine without failing', () => {
    const limit = cgroupMemoryLimit();
    if (limit !== null) expect(Number.isSafeInteger(limit) && limit > 0).toBe(true);
  });
});

describe('the budget chosen at start', () => {
  it('is the flag when given, else the documented share of the limit, else the fixed default', () => {
    const limited = tree('0::/\n', { 'memory.max': String(2 * GiB) });
    expect(choosePendingBudget(12345, limited)).toBe(12345);
    expect(choosePendingBudget(null, limited)).toBe(2 * GiB * PENDING_BUDGET_SHARE);
    expect(choosePendingBudget(null, { root: '/nonexistent', self: '/nonexistent' })).toBe(FIXED_PENDING_BUDGET_BYTES);
  });
});
