// Section 12 (issue 16): what TLS and authorization cost unary ENQUEUE, as ratios to the same flic
// in plaintext. flic processes run side by side with certificates made by openssl for the run:
// plaintext; TLS; TLS with --authz-file and a bearer token; mutual TLS with --authz-file. The
// authorization file has 100 principals and a quota on the bench's, so every call pays for its
// identity, its grant and its quota reservation. Rounds interleave the variants.
//   h2load (the bench's load generator, faster than the server) drives plaintext, TLS and TLS with
// a token. It cannot present a client certificate, so Node's own HTTP/2 client (load/http2Load.ts)
// drives mutual TLS against plaintext; that client is slower than the server at 64 in flight, so
// there the server's CPU per call is the figure to read, not the throughput. A client certificate's
// names are read once per connection, so per call mutual TLS and a token differ only in the token's
// SHA-256. Every round is cross-checked against flic's own injection counter.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FlicClient } from '../../src/client/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { VM_ID_KEY } from '../../src/proto/wire.js';
import { makeTestPki } from '../../test/support/testPki.js';
import { ioIrq } from '../../test/support/workload.js';
import type { RequestFiles } from '../load/grpcFrame.js';
import { h2load, type H2loadResult } from '../load/h2load.js';
import { http2Load, type Http2LoadResult } from '../load/http2Load.js';
import { injectedTotal } from '../load/metrics.js';
import { compared, type Figure } from '../report/figures.js';
import { spawnFlicChild, type ServerChild } from '../servers/children.js';
import { sectionRounds, type BenchSizes } from './context.js';
import { BENCH_VM, createFlicVm } from './vms.js';

const SECTION = '12 security';
const SERVER_NAME = 'localhost';
const TOKEN = 'bench-token-of-a-realistic-length-0123456789abcdef';

interface Variant {
  readonly label: string;
  readonly server: ServerChild;
  readonly client: FlicClient;
  readonly tls: { readonly ca: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly servername: string } | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** 100 principals; the bench's (the tenant-A certificate, and a token) last, with a quota it will not reach. */
function authzFile(): string {
  const others = Array.from({ length: 99 }, (_, i) => `  - { name: tenant-${i}, identities: ["cn:tenant-${i}"], vms: ["tenant-${i}/"] }`);
  const hash = createHash('sha256').update(TOKEN).digest('hex');
  return ['version: 1', 'principals:', ...others, '  - name: bench', `    identities: ["cn:harness-a", "sha256:${hash}"]`, `    vms: ["${BENCH_VM}"]`, '    quota: { vms: 10, pendingInterrupts: 100000000 }', ''].join('\n');
}

async function variant(label: string, server: ServerChild, tls: Variant['tls'], token?: string): Promise<Variant> {
  const client = new FlicClient(`127.0.0.1:${server.port}`, {
    ...(tls === null ? {} : { tls: { ca: tls.ca, cert: tls.cert, key: tls.key, serverName: tls.servername } }),
    ...(token === undefined ? {} : { token }),
  });
  await client.waitForReady(Date.now() + 10_000);
  await createFlicVm(client, BENCH_VM);
  return { label, server, client, tls, headers: { [VM_ID_KEY]: BENCH_VM, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } };
}

/** The authorization header of a variant's calls, if it has one (h2load sets flic-vm-id itself). */
function authorizationOf(v: Variant): Record<string, string> {
  const value = v.headers['authorization'];
  return value === undefined ? {} : { authorization: value };
}

/** One timed run from an emptied queue and a collected heap, checked against flic's counter. */
async function checked<R extends { succeeded: number }>(v: Variant, run: () => Promise<R>): Promise<R> {
  await v.client.vm(BENCH_VM).clearIrqs();
  await v.server.gc();
  const before = await injectedTotal(v.server.metricsPort!, 'io');
  const r = await run();
  const delta = (await injectedTotal(v.server.metricsPort!, 'io')) - before;
  if (delta < r.succeeded) throw new Error(`${v.label}: ${r.succeeded} calls succeeded but flic injected ${delta}`);
  return r;
}

interface Timed {
  readonly reqPerSec: number;
  readonly succeeded: number;
  readonly serverCpuSeconds: number | null;
  readonly serverMainCpuSeconds: number | null;
  readonly latency: { readonly p99Ms: number } | null;
}

/** Warm-up, then interleaved rounds of every variant; the results by variant. */
async function rounds<R extends Timed>(variants: readonly Variant[], sizes: BenchSizes, run: (v: Variant, seconds: number) => Promise<R>): Promise<Map<Variant, R[]>> {
  for (const v of variants) await run(v, sizes.warmup);
  const out = new Map<Variant, R[]>(variants.map((v) => [v, []]));
  for (let r = 0; r < sectionRounds(sizes); r++) for (const v of variants) out.get(v)!.push(await run(v, sizes.seconds));
  return out;
}

/** Throughput, CPU per call (all threads and the main thread) and p99 of `v` against `plain`. */
function ratios<R extends Timed>(results: Map<Variant, R[]>, v: Variant, plain: Variant, id: string, name: string, note: string): Figure[] {
  const of = (x: Variant, f: (r: R) => number): number[] => results.get(x)!.map(f);
  const cpu = (r: R): number => (r.serverCpuSeconds! / r.succeeded) * 1e6;
  const main = (r: R): number => (r.serverMainCpuSeconds! / r.succeeded) * 1e6;
  const both = (f: (r: R) => number): [number[], number[]] => [of(v, f), of(plain, f)];
  return [
    compared({ id: `${id}.throughput`, section: SECTION, name: `${name}: throughput`, unit: 'calls/s', target: null, note }, ...both((r) => r.reqPerSec)),
    compared({ id: `${id}.cpu`, section: SECTION, name: `${name}: server CPU per call`, unit: 'µs', target: null }, ...both(cpu)),
    compared(
      { id: `${id}.cpuMain`, section: SECTION, name: `${name}: server main-thread CPU per call`, unit: 'µs', target: null, note: 'the thread that runs JavaScript and the TLS record layer: it bounds the throughput' },
      ...both(main),
    ),
    ...(results.get(v)![0]?.latency === null
      ? []
      : [compared({ id: `${id}.p99`, section: SECTION, name: `${name}: p99 latency`, unit: 'ms', target: null }, ...both((r) => r.latency!.p99Ms))]),
  ];
}

export async function measureSecurity(sizes: BenchSizes, files: RequestFiles, log: (m: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flic-bench-pki-'));
  const started: ServerChild[] = [];
  const variants: Variant[] = [];
  try {
    const pki = makeTestPki(dir);
    const authz = path.join(dir, 'authz.yaml');
    writeFileSync(authz, authzFile());
    const tlsArgs = ['--tls-cert', pki.server.certFile, '--tls-key', pki.server.keyFile];
    const spawn = async (args: string[]): Promise<ServerChild> => {
      const s = await spawnFlicChild({ maxVms: 100, args });
      started.push(s);
      return s;
    };
    const serverTls = { ca: pki.ca, servername: SERVER_NAME };
    const plain = await variant('plaintext', await spawn([]), null);
    const tls = await variant('TLS', await spawn(tlsArgs), serverTls);
    const token = await variant('TLS + authz (token)', await spawn([...tlsArgs, '--authz-file', authz]), serverTls, TOKEN);
    const mtls = await variant('mutual TLS + authz', await spawn([...tlsArgs, '--tls-client-ca', pki.caFile, '--authz-file', authz]), {
      ...serverTls,
      cert: pki.tenantA.cert,
      key: pki.tenantA.key,
    });
    variants.push(plain, tls, token, mtls);
    const request = files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) });
    const figures: Figure[] = [];

    log('security: unary ENQUEUE, 64 in flight, plaintext / TLS / TLS + authz with a token (h2load)');
    const logFile = files.scratch('security.log');
    const viaH2load = (v: Variant, seconds: number): Promise<H2loadResult> =>
      checked(v, () =>
        h2load({ port: v.server.port, request, clients: 4, streams: 16, seconds, logFile, replyBytes: 5, serverPid: v.server.pid, tls: v.tls !== null, headers: authorizationOf(v) }).catch((err: unknown) => {
          throw new Error(`${v.label}: ${String(err)}`);
        }),
      );
    const h = await rounds([plain, tls, token], sizes, viaH2load);
    const h2note = 'baseline column: the same flic in plaintext, interleaved rounds (h2load)';
    figures.push(
      ...ratios(h, tls, plain, 'security.tls.c64', 'unary ENQUEUE over TLS, 64 in flight (h2load -c 4 -m 16)', h2note),
      ...ratios(h, token, plain, 'security.tlsAuthzToken.c64', 'unary ENQUEUE over TLS with --authz-file and a bearer token, 64 in flight (h2load -c 4 -m 16)', h2note),
    );

    const frame = readFileSync(request.file);
    for (const shape of [
      { label: '64', clients: 4, streams: 16 },
      { label: '1', clients: 1, streams: 1 },
    ] as const) {
      log(`security: unary ENQUEUE, ${shape.label} in flight, plaintext / mutual TLS + authz (Node's HTTP/2 client)`);
      const viaNode = (v: Variant, seconds: number): Promise<Http2LoadResult> =>
        checked(v, () => http2Load({ port: v.server.port, tls: v.tls, path: request.path, frame, headers: v.headers, clients: shape.clients, streams: shape.streams, seconds, serverPid: v.server.pid }));
      const n = await rounds([plain, mtls], sizes, viaNode);
      const note =
        shape.label === '64'
          ? "baseline column: the same flic in plaintext, same client, interleaved rounds; at 64 in flight Node's client, not flic, bounds the throughput: read the CPU per call"
          : 'baseline column: the same flic in plaintext, same client, interleaved rounds';
      figures.push(...ratios(n, mtls, plain, `security.mtlsAuthz.c${shape.label}`, `unary ENQUEUE over mutual TLS with --authz-file, ${shape.label} in flight (${shape.clients} × ${shape.streams}, Node's HTTP/2 client)`, note));
    }
    return figures;
  } finally {
    for (const v of variants) v.client.close();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
