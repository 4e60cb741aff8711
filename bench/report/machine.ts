// Where and when the figures were taken.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { H2LOAD } from '../load/h2load.js';

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly h2load: string;
  readonly kernel: string;
  readonly date: string;
  readonly loadAverageAtStart: readonly number[];
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m !== null) return m[1]!.trim();
  } catch {
    // Not Linux: fall through to what Node knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function h2loadVersion(): string {
  return execFileSync(H2LOAD, ['--version'], { encoding: 'utf8' }).trim();
}

export function describeMachine(): Machine {
  return {
    nproc: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    h2load: h2loadVersion(),
    kernel: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
