// One h2load run against one server: gRPC over h2c, every stream sending the same request frame.
// h2load counts HTTP statuses only, and a gRPC error is still HTTP 200 (a trailers-only response
// with no DATA frame), so every run checks that the DATA bytes received cover at least one
// gRPC message prefix per response, or exactly the expected reply bytes when the caller knows them.

import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpuSeconds, mainThreadCpuSeconds } from './cpu.js';
import { GRPC_PREFIX_BYTES, type PreparedRequest } from './grpcFrame.js';
import { VM_ID_KEY } from '../../src/proto/wire.js';

export const H2LOAD = process.env['FLIC_BENCH_H2LOAD'] ?? 'h2load';

export interface H2loadOptions {
  readonly port: number;
  readonly request: PreparedRequest;
  /** Connections (h2load -c). */
  readonly clients: number;
  /** Streams in flight per connection (h2load -m). */
  readonly streams: number;
  /** Timed run (h2load -D), in seconds; or a fixed number of requests. */
  readonly seconds?: number;
  readonly requests?: number;
  /** Per-request log for latency percentiles (h2load --log-file). */
  readonly logFile?: string;
  /** The exact reply bytes of one successful call (5-byte prefix included), when known. */
  readonly replyBytes?: number;
  /** The server's process: its CPU time over the run is measured. */
  readonly serverPid?: number;
  /** TLS (https, ALPN h2; h2load verifies no certificate) instead of h2c. */
  readonly tls?: boolean;
  /** More request headers (an authorization token). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

export interface H2loadResult {
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly seconds: number;
  readonly reqPerSec: number;
  readonly dataBytes: number;
  readonly latency: Latency | null;
  /** Request log rows: [start µs since epoch, end µs since epoch]. */
  readonly window: { readonly startUs: number; readonly endUs: number } | null;
  readonly log: readonly (readonly [number, number])[] | null;
  /** CPU seconds (user + system) the server used during the run, when serverPid was given. */
  readonly serverCpuSeconds: number | null;
  /** The part of serverCpuSeconds that the server's main thread used. */
  readonly serverMainCpuSeconds: number | null;
}

export class H2loadError extends Error {}

/** Whether h2load failed only because the server answered none of its calls within the run. */
export function noCallAnswered(err: unknown): boolean {
  return err instanceof H2loadError && / 0 succeeded, 0 failed, 0 non-2xx/.test(err.message);
}

function field(text: string, re: RegExp, what: string): number {
  const m = re.exec(text);
  if (m === null) throw new H2loadError(`h2load output has no ${what}:\n${text}`);
  return Number(m[1]);
}

function durationSeconds(text: string): number {
  const m = /finished in ([\d.]+)(us|ms|s),/.exec(text);
  if (m === null) throw new H2loadError(`h2load output has no duration:\n${text}`);
  const scale = m[2] === 's' ? 1 : m[2] === 'ms' ? 1e-3 : 1e-6;
  return Number(m[1]) * scale;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/** Reads h2load's per-request log (start µs, status, duration µs) and drops it. */
function readLog(file: string): { latency: Latency; rows: [number, number][] } {
  const rows: [number, number][] = [];
  const text = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [start, status, micros] = line.split('\t');
    if (status !== '200') throw new H2loadError(`h2load logged a failed stream: ${line}`);
    rows.push([Number(start), Number(start) + Number(micros)]);
  }
  const d = Float64Array.from(rows, ([s, e]) => (e - s) / 1000).sort();
  let sum = 0;
  for (const x of d) sum += x;
  return { latency: { p50Ms: percentile(d, 0.5), p99Ms: percentile(d, 0.99), meanMs: sum / d.length }, rows };
}

export function h2load(o: H2loadOptions): Promise<H2loadResult> {
  const args = [
    '-c', String(o.clients),
    '-m', String(o.streams),
    '-t', '1',
    '-H', 'content-type: application/grpc',
    '-H', 'te: trailers',
    ...(o.request.vmId === '' ? [] : ['-H', `${VM_ID_KEY}: ${o.request.vmId}`]),
    '-d', o.request.file,
    ...Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
  ];
  if (o.seconds !== undefined) args.push('-D', `${Math.round(o.seconds * 1000)}ms`);
  else args.push('-n', String(o.requests ?? 1));
  if (o.logFile !== undefined) args.push(`--log-file=${o.logFile}`);
  args.push(`${o.tls === true ? 'https' : 'http'}://127.0.0.1:${o.port}${o.request.path}`);
  const pid = o.serverPid;
  const cpu0 = pid === undefined ? 0 : cpuSeconds(pid);
  const main0 = pid === undefined ? 0 : mainThreadCpuSeconds(pid);
  return new Promise((resolve, reject) => {
    execFile(H2LOAD, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const cpu = pid === undefined ? null : cpuSeconds(pid) - cpu0;
      const main = pid === undefined ? null : mainThreadCpuSeconds(pid) - main0;
      if (err) {
        reject(new H2loadError(`h2load failed (${err.message}): ${stderr}${stdout}`));
        return;
      }
      try {
        resolve(parseH2loadOutput(stdout, o, cpu, main));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Reads the summary h2load prints (and its per-request log, if one was asked for). */
export function parseH2loadOutput(
  text: string,
  o: H2loadOptions,
  serverCpuSeconds: number | null,
  serverMainCpuSeconds: number | null = null,
): H2loadResult {
  const done = field(text, /requests: \d+ total, \d+ started, (\d+) done/, 'done count');
  const succeeded = field(text, /(\d+) succeeded/, 'success count');
  const failed = field(text, /(\d+) failed/, 'failure count') + field(text, /(\d+) errored/, 'error count');
  const non2xx = ['3xx', '4xx', '5xx'].reduce((s, k) => s + field(text, new RegExp(`(\\d+) ${k}`), `${k} count`), 0);
  const dataBytes = field(text, /headers \(space savings [\d.]+%\), [\d.]+[KMG]?B \((\d+)\) data/, 'DATA bytes');
  const seconds = durationSeconds(text);
  if (failed > 0 || non2xx > 0 || succeeded === 0) {
    throw new H2loadError(`h2load: ${succeeded} succeeded, ${failed} failed, ${non2xx} non-2xx on ${o.request.path}`);
  }
  // Streams cut off by -D can be counted as done without their DATA, so a few are tolerated there.
  const slack = o.seconds === undefined ? 0 : o.clients * o.streams;
  const minimum = (succeeded - slack) * (o.replyBytes ?? GRPC_PREFIX_BYTES);
  if (dataBytes < minimum) {
    throw new H2loadError(
      `gRPC errors on ${o.request.path}: ${dataBytes} DATA bytes for ${succeeded} responses ` +
        `(at least ${minimum} expected; a failed gRPC call sends no DATA)`,
    );
  }
  let latency: Latency | null = null;
  let window: H2loadResult['window'] = null;
  let log: H2loadResult['log'] = null;
  if (o.logFile !== undefined) {
    const r = readLog(o.logFile);
    latency = r.latency;
    log = r.rows;
    let startUs = Infinity;
    let endUs = -Infinity;
    for (const [s, e] of r.rows) {
      if (s < startUs) startUs = s;
      if (e > endUs) endUs = e;
    }
    window = r.rows.length > 0 ? { startUs, endUs } : null;
  }
  return {
    done,
    succeeded,
    failed,
    seconds,
    reqPerSec: succeeded / seconds,
    dataBytes,
    latency,
    window,
    log,
    serverCpuSeconds,
    serverMainCpuSeconds,
  };
}
