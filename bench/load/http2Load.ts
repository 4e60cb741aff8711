// A unary gRPC load over HTTP/2 from Node's own http2 client, for what h2load cannot do: present a
// client certificate (mutual TLS). The same generator drives plaintext, TLS and mutual TLS, so
// their ratios compare like with like. Every call's status is read (grpc-status 0, from the
// trailers or a trailers-only answer); any other status fails the run.

import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import { cpuSeconds, mainThreadCpuSeconds } from './cpu.js';
import type { Latency } from './h2load.js';

export interface Http2LoadTls {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly servername: string;
}

export interface Http2LoadOptions {
  readonly port: number;
  /** null: h2c (plaintext). */
  readonly tls: Http2LoadTls | null;
  readonly path: string;
  /** The whole request body: one gRPC frame. */
  readonly frame: Buffer;
  /** Request headers besides the pseudo-headers, content-type and te (flic-vm-id, authorization). */
  readonly headers: Readonly<Record<string, string>>;
  /** Connections, and calls in flight on each. */
  readonly clients: number;
  readonly streams: number;
  readonly seconds: number;
  readonly serverPid?: number;
}

export interface Http2LoadResult {
  readonly succeeded: number;
  readonly seconds: number;
  readonly reqPerSec: number;
  readonly latency: Latency;
  readonly serverCpuSeconds: number | null;
  readonly serverMainCpuSeconds: number | null;
}

function connect(o: Http2LoadOptions): Promise<http2.ClientHttp2Session> {
  const authority = `${o.tls === null ? 'http' : 'https'}://127.0.0.1:${o.port}`;
  const session = http2.connect(authority, o.tls === null ? {} : { ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, servername: o.tls.servername });
  return new Promise((resolve, reject) => {
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** One call; resolves with its latency in ms, rejects unless it ends with grpc-status 0. */
function call(session: http2.ClientHttp2Session, o: Http2LoadOptions, headers: http2.OutgoingHttpHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let status: string | undefined;
    const req = session.request(headers);
    req.on('response', (h) => {
      if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
    });
    req.on('trailers', (t) => {
      status = String(t['grpc-status']);
    });
    req.on('data', () => undefined);
    req.on('end', () => {
      if (status === '0') resolve(performance.now() - t0);
      else reject(new Error(`${o.path}: grpc-status ${status ?? 'missing'}`));
    });
    req.on('error', reject);
    req.end(o.frame);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export async function http2Load(o: Http2LoadOptions): Promise<Http2LoadResult> {
  const sessions = await Promise.all(Array.from({ length: o.clients }, () => connect(o)));
  const headers: http2.OutgoingHttpHeaders = {
    ':method': 'POST',
    ':path': o.path,
    'content-type': 'application/grpc',
    te: 'trailers',
    ...o.headers,
  };
  const latencies: number[] = [];
  const pid = o.serverPid;
  const cpu0 = pid === undefined ? 0 : cpuSeconds(pid);
  const main0 = pid === undefined ? 0 : mainThreadCpuSeconds(pid);
  const start = performance.now();
  const end = start + o.seconds * 1000;
  try {
    const worker = async (session: http2.ClientHttp2Session): Promise<void> => {
      while (performance.now() < end) latencies.push(await call(session, o, headers));
    };
    await Promise.all(sessions.flatMap((s) => Array.from({ length: o.streams }, () => worker(s))));
  } finally {
    for (const s of sessions) s.close();
  }
  const seconds = (performance.now() - start) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    succeeded: latencies.length,
    seconds,
    reqPerSec: latencies.length / seconds,
    latency: { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), meanMs: sum / sorted.length },
    serverCpuSeconds: pid === undefined ? null : cpuSeconds(pid) - cpu0,
    serverMainCpuSeconds: pid === undefined ? null : mainThreadCpuSeconds(pid) - main0,
  };
}
