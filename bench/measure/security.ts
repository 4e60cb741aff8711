// Section 9 (issue 16): what TLS, and mutual TLS with an authorization file, cost unary ENQUEUE,
// as ratios to the same flic in plaintext. Three flic processes run side by side (plaintext; TLS;
// mutual TLS with --authz-file, 100 principals and a quota on the bench principal, so every call
// pays for its identity, its grant and its quota reservation), with certificates made by openssl
// for the run. Rounds interleave the three. h2load cannot present a client certificate, so
// Node's own HTTP/2 client (load/http2Load.ts) drives all three; h2load also measures TLS against
// plaintext, as the rest of the bench is measured. Every round is cross-checked against flic's
// own injection counter.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import type { BenchSizes } from './context.js';
import { BENCH_VM, createFlicVm } from './vms.js';

const SECTION = '9 security';
const SERVER_NAME = 'localhost';

interface Variant {
  readonly label: string;
  readonly server: ServerChild;
  readonly client: FlicClient;
  readonly tls: { readonly ca: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly servername: string } | null;
}

/** 100 principals, the bench's one last (the tenant-A certificate), with a quota it will not reach. */
function authzFile(): string {
  const others = Array.from({ length: 99 }, (_, i) => `  - { name: tenant-${i}, identities: ["cn:tenant-${i}"], vms: ["tenant-${i}/"] }`);
  return [
    'version: 1',
    'principals:',
    ...others,
    `  - name: bench`,
    '    identities: ["cn:harness-a"]',
    `    vms: ["${BENCH_VM}"]`,
    '    quota: { vms: 10, pendingInterrupts: 100000000 }',
    '',
  ].join('\n');
}

async function variant(label: string, server: ServerChild, tls: Variant['tls']): Promise<Variant> {
  const client = new FlicClient(`127.0.0.1:${server.port}`, tls === null ? {} : { tls: { ca: tls.ca, cert: tls.cert, key: tls.key, serverName: tls.servername } });
  await client.waitForReady(Date.now() + 10_000);
  await createFlicVm(client, BENCH_VM);
  return { label, server, client, tls };
}

async function prepared<R extends { succeeded: number }>(v: Variant, run: () => Promise<R>): Promise<R> {
  await v.client.vm(BENCH_VM).clearIrqs();
  await v.server.gc();
  const before = await injectedTotal(v.server.metricsPort!, 'io');
  const r = await run();
  const delta = (await injectedTotal(v.server.metricsPort!, 'io')) - before;
  if (delta < r.succeeded) throw new Error(`${v.label}: ${r.succeeded} calls succeeded but flic injected ${delta}`);
  return r;
}

const SHAPES = [
  { label: '64', clients: 4, streams: 16 },
  { label: '1', clients: 1, streams: 1 },
] as const;

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
    const plain = await variant('plaintext', await spawn([]), null);
    const tls = await variant('TLS', await spawn(tlsArgs), { ca: pki.ca, servername: SERVER_NAME });
    const mtls = await variant('mutual TLS + authz', await spawn([...tlsArgs, '--tls-client-ca', pki.caFile, '--authz-file', authz]), {
      ca: pki.ca,
      cert: pki.tenantA.cert,
      key: pki.tenantA.key,
      servername: SERVER_NAME,
    });
    variants.push(plain, tls, mtls);

    const request = files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) });
    const frame = readFileSync(request.file);
    const node = (v: Variant, clients: number, streams: number, seconds: number): Promise<Http2LoadResult> =>
      prepared(v, () =>
        http2Load({ port: v.server.port, tls: v.tls, path: request.path, frame, headers: { [VM_ID_KEY]: BENCH_VM }, clients, streams, seconds, serverPid: v.server.pid }),
      );
    const figures: Figure[] = [];
    for (const shape of SHAPES) {
      log(`security: unary ENQUEUE, ${shape.label} in flight, plaintext / TLS / mutual TLS + authz (Node's HTTP/2 client)`);
      for (const v of variants) await node(v, shape.clients, shape.streams, sizes.warmup);
      const rounds = new Map<Variant, Http2LoadResult[]>(variants.map((v) => [v, []]));
      for (let r = 0; r < sizes.rounds; r++) for (const v of variants) rounds.get(v)!.push(await node(v, shape.clients, shape.streams, sizes.seconds));
      const of = (v: Variant, f: (x: Http2LoadResult) => number): number[] => rounds.get(v)!.map(f);
      const cpu = (x: Http2LoadResult): number => (x.serverCpuSeconds! / x.succeeded) * 1e6;
      const mainCpu = (x: Http2LoadResult): number => (x.serverMainCpuSeconds! / x.succeeded) * 1e6;
      for (const v of [tls, mtls]) {
        const id = `security.${v === tls ? 'tls' : 'mtlsAuthz'}.c${shape.label}`;
        const name = `unary ENQUEUE over ${v.label}, ${shape.label} in flight (${shape.clients} × ${shape.streams}, Node's HTTP/2 client)`;
        const note = 'baseline column: the same flic in plaintext, same client, interleaved rounds';
        figures.push(
          compared({ id: `${id}.throughput`, section: SECTION, name: `${name}: throughput`, unit: 'calls/s', target: null, note }, of(v, (x) => x.reqPerSec), of(plain, (x) => x.reqPerSec)),
          compared({ id: `${id}.cpu`, section: SECTION, name: `${name}: server CPU per call`, unit: 'µs', target: null }, of(v, cpu), of(plain, cpu)),
          compared(
            { id: `${id}.cpuMain`, section: SECTION, name: `${name}: server main-thread CPU per call`, unit: 'µs', target: null, note: 'the thread that runs JavaScript (and, with TLS, OpenSSL\'s record layer): it bounds the throughput' },
            of(v, mainCpu),
            of(plain, mainCpu),
          ),
          compared({ id: `${id}.p99`, section: SECTION, name: `${name}: p99 latency`, unit: 'ms', target: null }, of(v, (x) => x.latency.p99Ms), of(plain, (x) => x.latency.p99Ms)),
        );
      }
    }

    log('security: unary ENQUEUE, 64 in flight, TLS against plaintext (h2load)');
    const viaH2load = (v: Variant, seconds: number): Promise<H2loadResult> =>
      prepared(v, () =>
        h2load({ port: v.server.port, request, clients: 4, streams: 16, seconds, replyBytes: 5, serverPid: v.server.pid, tls: v.tls !== null }),
      );
    for (const v of [plain, tls]) await viaH2load(v, sizes.warmup);
    const h = { plain: [] as H2loadResult[], tls: [] as H2loadResult[] };
    for (let r = 0; r < sizes.rounds; r++) {
      h.plain.push(await viaH2load(plain, sizes.seconds));
      h.tls.push(await viaH2load(tls, sizes.seconds));
    }
    figures.push(
      compared(
        {
          id: 'security.tls.c64.h2load.throughput',
          section: SECTION,
          name: 'unary ENQUEUE over TLS, 64 in flight (h2load -c 4 -m 16): throughput',
          unit: 'calls/s',
          target: null,
          note: 'baseline column: the same flic in plaintext; h2load cannot present a client certificate, so mutual TLS is measured with Node\'s client above',
        },
        h.tls.map((x) => x.reqPerSec),
        h.plain.map((x) => x.reqPerSec),
      ),
    );
    return figures;
  } finally {
    for (const v of variants) v.client.close();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
