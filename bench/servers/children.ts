// The two servers under test as child processes on loopback: flic through its real entry point
// (dist/src/server/main.js, metrics on, as in production) and the bare baseline. The bench
// process itself only drives them.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GC_DONE_LINE, GC_SIGNAL } from './gcProtocol.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** dist/ of the build: this file is dist/bench/servers/children.js. */
const DIST = path.resolve(HERE, '..', '..');
export const FLIC_ENTRY = process.env['FLIC_BENCH_ENTRY'] ?? path.join(DIST, 'src', 'server', 'main.js');
const BASELINE_ENTRY = path.join(HERE, 'baseline.js');
const GC_PRELOAD = pathToFileURL(path.join(HERE, 'gcOnSignal.js')).href;

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerChild {
  readonly name: 'flic' | 'baseline';
  /** flic only: the state directory's restore as the child logged it (null without one). */
  readonly restored: { readonly vms: number; readonly entries: number; readonly durationMs: number } | null;
  readonly port: number;
  /** flic only: the Prometheus port. */
  readonly metricsPort: number | null;
  readonly pid: number;
  /** A full GC in the child, resolved once it is done. */
  gc(): Promise<void>;
  stop(): Promise<void>;
  /** flic only: SIGKILL, resolved once the child is gone. */
  kill?(): Promise<void>;
}

export interface FlicChildOptions {
  readonly maxVms: number;
  /** --state-dir: the child keeps its VMs there (docs/state.md). */
  readonly stateDir?: string;
  /** Write a CPU profile (node --cpu-prof) into this directory when the child exits. */
  readonly cpuProfileDir?: string;
  /** More server flags, after the bench's own. */
  readonly args?: readonly string[];
  /**
   * FLIC_* settings. Default: the bench reads flic's counters right before and after each run,
   * so every scrape must be fresh (an environment variable, which an older flic ignores).
   */
  readonly env?: Readonly<Record<string, string>>;
}

const FRESH_METRICS = { FLIC_METRICS_MIN_INTERVAL: '0' } as const;

interface Spawned {
  readonly child: ChildProcess;
  /** The last lines of stderr (for error messages). */
  readonly stderrLines: string[];
  /** Listeners of stderr lines. */
  readonly stderrListeners: Set<(line: string) => void>;
  readonly exited: Promise<number | null>;
}

function spawnNode(args: readonly string[], env?: Readonly<Record<string, string>>): Spawned {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const stderrLines: string[] = [];
  const stderrListeners = new Set<(line: string) => void>();
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrLines.push(line);
    if (stderrLines.length > 200) stderrLines.shift();
    for (const l of stderrListeners) l(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderrLines, stderrListeners, exited };
}

/** Resolves with the first stdout line that `pick` accepts; rejects if the child dies first. */
function waitForLine<T>(s: Spawned, what: string, pick: (line: string) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: s.child.stdout! });
    const timer = setTimeout(() => fail(new Error(`${what}: no listening line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      s.child.kill('SIGKILL');
      reject(err);
    };
    rl.on('line', (line) => {
      const found = pick(line);
      if (found !== undefined) {
        clearTimeout(timer);
        // Keep draining stdout so that the child never blocks on a full pipe.
        rl.removeAllListeners('line');
        rl.on('line', () => undefined);
        resolve(found);
      }
    });
    void s.exited.then((code) => fail(new Error(`${what} exited (${code}) before listening:\n${s.stderrLines.join('\n')}`)));
  });
}

function stopper(s: Spawned): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (s.child.exitCode !== null) return;
      s.child.kill('SIGTERM');
      const timer = setTimeout(() => s.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await s.exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
}

async function killer(s: Spawned): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

function json(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function profileFlags(dir: string | undefined): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** Both children get the GC preload, so every timed run can start from a collected heap. */
const GC_FLAGS = ['--expose-gc', `--import=${GC_PRELOAD}`];

function gcOf(s: Spawned, name: string): () => Promise<void> {
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        s.stderrListeners.delete(listener);
        reject(new Error(`${name} child: no answer to the GC signal`));
      }, START_TIMEOUT_MS);
      const listener = (line: string): void => {
        if (line !== GC_DONE_LINE) return;
        clearTimeout(timer);
        s.stderrListeners.delete(listener);
        resolve();
      };
      s.stderrListeners.add(listener);
      s.child.kill(GC_SIGNAL);
    });
}

export async function spawnBaselineChild(o: { readonly cpuProfileDir?: string } = {}): Promise<ServerChild> {
  const s = spawnNode([...GC_FLAGS, ...profileFlags(o.cpuProfileDir), BASELINE_ENTRY, '127.0.0.1']);
  const port = await waitForLine(s, 'baseline', (line) => {
    const v = json(line)?.['listening'];
    return typeof v === 'number' ? v : undefined;
  });
  return {
    name: 'baseline',
    port,
    metricsPort: null,
    restored: null,
    pid: s.child.pid!,
    gc: gcOf(s, 'baseline'),
    stop: stopper(s),
  };
}

export async function spawnFlicChild(o: FlicChildOptions): Promise<ServerChild> {
  const s = spawnNode([
    ...GC_FLAGS,
    ...profileFlags(o.cpuProfileDir),
    FLIC_ENTRY,
    '--host', '127.0.0.1',
    '--port', '0',
    '--metrics-host', '127.0.0.1',
    '--metrics-port', '0',
    '--max-vms', String(o.maxVms),
    ...(o.stateDir === undefined ? [] : ['--state-dir', o.stateDir]),
    ...(o.args ?? []),
  ], o.env ?? FRESH_METRICS);
  let restored: ServerChild['restored'] = null;
  const where = await waitForLine(s, 'flic', (line) => {
    const j = json(line);
    if (j?.['msg'] === 'flic state restored') {
      restored = { vms: Number(j['vms']), entries: Number(j['entries']), durationMs: Number(j['durationMs']) };
    }
    if (j === undefined || j['msg'] !== 'flic listening') return undefined;
    return { port: j['port'], metricsPort: j['metricsPort'] };
  });
  if (typeof where.port !== 'number' || typeof where.metricsPort !== 'number') {
    s.child.kill('SIGKILL');
    throw new Error(`flic (${FLIC_ENTRY}) logged no port or metricsPort: ${JSON.stringify(where)}`);
  }
  return { name: 'flic', port: where.port, metricsPort: where.metricsPort, restored, pid: s.child.pid!, gc: gcOf(s, 'flic'), stop: stopper(s), kill: () => killer(s) };
}
