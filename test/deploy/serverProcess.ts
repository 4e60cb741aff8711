// The built server started as a process, the way a container starts it: configured through FLIC_*
// environment, on ephemeral loopback ports, ready once it logs "flic listening".
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO } from './manifests.js';
import { SERVER_MAIN } from './serverHelp.js';

export interface ServerProcess {
  readonly child: ChildProcess;
  /** The gRPC port from the "flic listening" line. */
  readonly port: number;
  /** The metrics port from the same line. */
  readonly metricsPort: number;
  readonly target: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends the signal and resolves with the exit; SIGKILLs after killAfterMs. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  /** argv, default [node, dist/src/server/main.js]. */
  readonly command?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Loopback, any free port, for gRPC and metrics. */
export const EPHEMERAL_ENV = {
  FLIC_HOST: '127.0.0.1',
  FLIC_PORT: '0',
  FLIC_METRICS_HOST: '127.0.0.1',
  FLIC_METRICS_PORT: '0',
  FLIC_LOG_LEVEL: 'info',
} as const;

export function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const [cmd, ...args] = options.command ?? [process.execPath, SERVER_MAIN];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', ...EPHEMERAL_ENV, ...options.env };
  const child = spawn(cmd as string, args, { cwd: options.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const stop: ServerProcess['stop'] = async (signal = 'SIGTERM', killAfterMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}; the server printed:\n${out}`));
    };
    const timer = setTimeout(() => fail('no "flic listening" line in time'), options.timeoutMs ?? 30_000);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      out += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const ports = listeningPorts(line);
        if (ports === undefined || settled) continue;
        settled = true;
        clearTimeout(timer);
        resolve({ child, ...ports, target: `127.0.0.1:${ports.port}`, output: () => out, stop });
      }
    });
    void exited.then(({ code, signal }) => fail(`the server exited (code ${code}, signal ${signal})`));
  });
}

function listeningPorts(line: string): { port: number; metricsPort: number } | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown; metricsPort?: unknown };
    if (entry.msg !== 'flic listening' || typeof entry.port !== 'number' || typeof entry.metricsPort !== 'number') return undefined;
    return { port: entry.port, metricsPort: entry.metricsPort };
  } catch {
    return undefined;
  }
}

/** The JSON log lines a process printed (other lines skipped). */
export function logLines(output: string): { msg?: string; level?: string; [key: string]: unknown }[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg?: string; level?: string });
}
