// Hostile bytes at a real flic (startService: gRPC, health, reflection, metrics) over raw HTTP/2:
// issue 11 items 1-4 and issue 12 item 2. Nothing may stop the process, act on another VM, or go
// uncounted; every kind of malformed call gets its one documented answer (docs/limits.md).

import { Metadata, credentials, status, type Client } from '@grpc/grpc-js';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { callUnary } from '../../src/client/call.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/abi/index.js';
import { KvmError } from '../../src/device/errno.js';
import type { FlicMethodName } from '../../src/proto/flicMethods.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { ENQUEUE_MAX_RECORDS, SMALL_REQUEST_BYTES } from '../../src/proto/requestLimits.js';
import { BOOT_ID_KEY, REQUEST_GROUP, VM_ID_KEY } from '../../src/proto/wire.js';
import { startService, type RunningService } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { GRPC_CODE_NAMES } from '../../src/server/metricsGrpc.js';
import { RawGrpcConnection, compressedFrame, grpcFrame, type RawCallResult } from '../support/rawGrpc.js';
import { sampleRequestBytes } from '../support/requestSamples.js';
import { scrape } from '../support/scrape.js';
import { testServiceConfig } from './fixture.js';
import { decodeStatusDetails } from './rpcStatus.js';

const service = loadFlicProto().flic.v1.Flic.service;
const FLIC_PATHS = Object.values(service).map((d) => d.path);
const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
const OTHER_PATHS = [
  HEALTH_CHECK,
  '/grpc.health.v1.Health/Watch',
  '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
];
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const serialize = (method: FlicMethodName, value: object): Buffer =>
  (service[method].requestSerialize as (v: object) => Buffer)(value);

let flic: RunningService;
let raw: RawGrpcConnection;
let client: FlicClient;
/** A plain gRPC client of the service, for calls with metadata of the test's choosing. */
let stub: Client;

beforeAll(async () => {
  flic = await startService(testServiceConfig());
  raw = new RawGrpcConnection(`127.0.0.1:${flic.grpcPort}`);
  client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
  stub = new (loadFlicProto().flic.v1.Flic)(`127.0.0.1:${flic.grpcPort}`, credentials.createInsecure());
});

afterAll(async () => {
  raw.close();
  client.close();
  stub.close();
  await flic.stop('test done');
});

/** google.rpc.Status of a raw answer, decoded as another language's client would. */
function detailsOf(r: RawCallResult) {
  return decodeStatusDetails(Metadata.fromHttp2Headers(r.trailers ?? r.headers));
}

function expectRefusal(r: RawCallResult, detail: RegExp): void {
  expect(r.code, `${r.code} ${r.message}`).toBe(status.INVALID_ARGUMENT);
  expect(r.message).toMatch(detail);
  const d = detailsOf(r);
  expect(d).toMatchObject({ code: status.INVALID_ARGUMENT, message: r.message });
  expect(d?.errorInfos[0]).toMatchObject({ reason: 'EINVAL', domain: 'flic.s390.kvm' });
  expect(d?.errorInfos[0]?.metadata['group']).toBe(REQUEST_GROUP);
}

async function stillServes(): Promise<void> {
  const health = await raw.call(HEALTH_CHECK, grpcFrame(hex('0a0c666c69632e76312e466c6963')));
  expect(health.code).toBe(status.OK);
  expect(health.messages[0]?.toString('hex')).toBe('0801'); // SERVING
  await expect(client.listVms()).resolves.toBeInstanceOf(Array);
}

/** Every VM and its whole state, read in process (the server's own registry). */
function snapshot(): string {
  const out: unknown[] = [];
  for (const id of flic.vms.listVms().sort()) {
    const vm = flic.vms.get(id);
    out.push([id, vm.flic === null ? null : vm.inspect()]);
  }
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

describe('issue 11 item 1: compressed bodies that are not valid compressed data, to every service', () => {
  const gzip = zlib.gzipSync(Buffer.from('not a request'));
  const bodies: [string, Buffer][] = [
    ['the 6-byte reproduction ("x")', Buffer.from('x')],
    ['garbage', Buffer.from('0123456789abcdef'.repeat(4))],
    ['a truncated gzip stream', gzip.subarray(0, gzip.length - 6)],
    ['a gzip header and garbage', Buffer.concat([gzip.subarray(0, 10), Buffer.from('garbage!')])],
    ['a deflate stream cut in the middle', zlib.deflateSync(Buffer.alloc(1000, 7)).subarray(0, 5)],
    ['an empty body', Buffer.alloc(0)],
  ];

  for (const encoding of ['gzip', 'deflate'] as const) {
    it(`${encoding}: every method answers INVALID_ARGUMENT (EINVAL) and the server keeps serving`, async () => {
      for (const path of [...FLIC_PATHS, ...OTHER_PATHS]) {
        for (const [what, body] of bodies) {
          const r = await raw.call(path, grpcFrame(body, 1), { headers: { 'grpc-encoding': encoding } });
          expect(r.code, `${path}, ${what}`).toBe(status.INVALID_ARGUMENT);
          expect(r.message).toContain(`not valid ${encoding} data`);
        }
      }
      await stillServes();
    });
  }
});

describe('issue 11 item 2: the decompressed size is bounded per method', () => {
  it('a gzip bomb to a small method is refused at 64 KiB, not at 33 MiB', async () => {
    const bomb = compressedFrame(Buffer.alloc(8 << 20), 'gzip');
    expect(bomb.length).toBeLessThan(16 * 1024);
    for (const path of ['/flic.v1.Flic/CreateVm', '/flic.v1.Flic/ListVms', HEALTH_CHECK]) {
      const r = await raw.call(path, bomb, { headers: { 'grpc-encoding': 'gzip' } });
      expect(r.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(r.message).toBe(`request of ${path} decompresses to more than ${SMALL_REQUEST_BYTES} bytes, the limit of this method`);
      expect(detailsOf(r)).toMatchObject({ code: status.RESOURCE_EXHAUSTED, message: r.message, errorInfos: [] });
    }
  });

  it('the 34 KB Enqueue of 17.3 million empty Interrupts is refused; so is one that fits 33 MiB', async () => {
    const empties = (n: number): Buffer => Buffer.concat([serialize('Enqueue', { vmId: 'x' }), Buffer.alloc(n * 2, hex('1200'))]);
    // 17.3 million entries are 34.6 MB, just inside the 33 MiB message limit: the list limit refuses it.
    const reproduction = compressedFrame(empties(17_300_000), 'gzip');
    expect(reproduction.length).toBeLessThan(64 * 1024);
    const r1 = await raw.call('/flic.v1.Flic/Enqueue', reproduction, { headers: { 'grpc-encoding': 'gzip' } });
    expectRefusal(r1, new RegExp(`irqs: has more than ${ENQUEUE_MAX_RECORDS} entries`));
    expect(detailsOf(r1)?.errorInfos[0]?.metadata).toMatchObject({ field: 'flic.v1.EnqueueRequest.irqs', limit: String(ENQUEUE_MAX_RECORDS) });
    const over = compressedFrame(empties(17_400_000), 'gzip');
    const r2 = await raw.call('/flic.v1.Flic/Enqueue', over, { headers: { 'grpc-encoding': 'gzip' } });
    expect(r2.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(r2.message).toMatch(/decompresses to more than 34603008 bytes/);
  });
});

describe('issue 11 item 3: truncated and overlong requests never reach the device', () => {
  it('a CreateVm whose vm_id declares 12 bytes but holds 9 creates nothing', async () => {
    const r = await raw.call('/flic.v1.Flic/CreateVm', grpcFrame(hex(`0a0c${Buffer.from('victim-id').toString('hex')}`)));
    expectRefusal(r, /vm_id: declares 12 bytes, but only 9 remain/);
    expect(flic.vms.listVms().includes('victim-id')).toBe(false);
  });

  it('a DeleteVm whose vm_id declares 100 bytes around an existing id deletes nothing', async () => {
    await client.createVm('victim');
    const r = await raw.call('/flic.v1.Flic/DeleteVm', grpcFrame(hex(`0a64${Buffer.from('victim').toString('hex')}`)));
    expectRefusal(r, /declares 100 bytes/);
    expect(flic.vms.listVms().includes('victim')).toBe(true);
  });

  it('every truncation point of every request type: refused with the state unchanged, or a shorter valid request', async () => {
    await client.createVm('cut');
    await client.vm('cut').createDevice(KVM_DEV_TYPE_FLIC);
    let refused = 0;
    for (const { path, bytes } of sampleRequestBytes('cut')) {
      for (let k = 1; k < bytes.length; k++) {
        const before = snapshot();
        const r = await raw.call(path, grpcFrame(bytes.subarray(0, k)));
        const d = detailsOf(r);
        if (d?.errorInfos[0]?.metadata['group'] === REQUEST_GROUP) {
          refused++;
          expect(snapshot(), `${path} cut at ${k}`).toBe(before);
        }
      }
    }
    expect(refused).toBeGreaterThan(300);
    await stillServes();
  });
});

describe('issue 12 item 2: the flic-vm-id header must name the request\'s VM', () => {
  it('a DeleteVm of "victim2" with the header "my-own-vm" is refused, naming both', async () => {
    await client.createVm('victim2');
    const md = new Metadata();
    md.set(VM_ID_KEY, 'my-own-vm');
    const err = await callUnary(stub, service.DeleteVm, { vmId: 'victim2' }, md).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KvmError);
    const k = err as KvmError;
    expect([k.errnoName, k.group]).toEqual(['EINVAL', REQUEST_GROUP]);
    expect(k.detail).toBe('the flic-vm-id header names VM "my-own-vm", but the request\'s vm_id is "victim2"');
    expect(flic.vms.listVms().includes('victim2')).toBe(true);
    // The header that names the VM, and no header at all, both work.
    const same = new Metadata();
    same.set(VM_ID_KEY, 'victim2');
    await callUnary(stub, service.Inspect, { vmId: 'victim2' }, same).catch((e: unknown) => e);
    await callUnary(stub, service.DeleteVm, { vmId: 'victim2' }, new Metadata());
    expect(flic.vms.listVms().includes('victim2')).toBe(false);
  });
});

describe('issue 11 item 4: one documented answer per kind of malformed call, every call counted', () => {
  const deleteVm = '/flic.v1.Flic/DeleteVm';
  const valid = serialize('DeleteVm', { vmId: 'nobody' });
  const kinds: [string, string, () => Promise<RawCallResult>, number, string | null, RegExp][] = [
    ['undecodable bytes', deleteVm, () => raw.call(deleteVm, grpcFrame(hex('0a0c61'))), status.INVALID_ARGUMENT, 'undecodable', /declares 12 bytes/],
    ['a list past its limit', '/flic.v1.Flic/Enqueue', () => raw.call('/flic.v1.Flic/Enqueue', grpcFrame(Buffer.alloc((ENQUEUE_MAX_RECORDS + 1) * 2, hex('1200')))), status.INVALID_ARGUMENT, 'limit', /has more than 466033 entries/],
    ['compressed flag without grpc-encoding', deleteVm, () => raw.call(deleteVm, grpcFrame(zlib.gzipSync(valid), 1)), status.INVALID_ARGUMENT, 'compression', /marked compressed, but the call has no grpc-encoding/],
    ['compressed flag 2', deleteVm, () => raw.call(deleteVm, grpcFrame(valid, 2)), status.INVALID_ARGUMENT, 'compression', /compressed flag is 2/],
    ['data that does not decompress', deleteVm, () => raw.call(deleteVm, grpcFrame(valid, 1), { headers: { 'grpc-encoding': 'gzip' } }), status.INVALID_ARGUMENT, 'compression', /not valid gzip data/],
    ['an encoding the server lacks', deleteVm, () => raw.call(deleteVm, grpcFrame(valid, 1), { headers: { 'grpc-encoding': 'br' } }), status.UNIMPLEMENTED, 'encoding', /grpc-encoding br is not supported/],
    ['no message on a unary call', deleteVm, () => raw.call(deleteVm, Buffer.alloc(0)), status.INVALID_ARGUMENT, 'cardinality', /carried none/],
    ['two messages on a unary call', deleteVm, () => raw.call(deleteVm, Buffer.concat([grpcFrame(valid), grpcFrame(valid)])), status.INVALID_ARGUMENT, 'cardinality', /a second one arrived/],
    ['a frame past the method\'s limit', deleteVm, () => raw.call(deleteVm, grpcFrame(Buffer.alloc(SMALL_REQUEST_BYTES + 1))), status.RESOURCE_EXHAUSTED, 'too_large', /is more than 65536 bytes/],
    ['a method the server does not have', '/flic.v1.Flic/NoSuchMethod', () => raw.call('/flic.v1.Flic/NoSuchMethod', grpcFrame(valid)), status.UNIMPLEMENTED, null, /does not implement/],
  ];

  it('answers each kind as documented, counts it once in started and handled, and its refusal by reason', async () => {
    for (const [what, path, send, code, reason, message] of kinds) {
      const method = path.slice(path.lastIndexOf('/') + 1);
      const labels = reason === null ? { grpc_service: 'unknown', grpc_method: 'unknown' } : { grpc_service: 'flic.v1.Flic', grpc_method: method };
      const before = await scrape(flic);
      const r = await send();
      expect(r.code, what).toBe(code);
      expect(r.message, what).toMatch(message);
      if (code === status.INVALID_ARGUMENT) expectRefusal(r, message);
      expect(r.headers[BOOT_ID_KEY], what).toBe(reason === null ? undefined : flic.bootId);
      const after = await scrape(flic);
      const delta = (name: string, extra: Record<string, string> = {}): number =>
        (after.all(name, { ...labels, ...extra })[0]?.value ?? 0) - (before.all(name, { ...labels, ...extra })[0]?.value ?? 0);
      expect(delta('grpc_server_started_total'), what).toBe(1);
      expect(delta('grpc_server_handled_total', { grpc_code: GRPC_CODE_NAMES[code as status] }), what).toBe(1);
      if (reason !== null) expect(delta('flic_grpc_requests_refused_total', { reason }), what).toBe(1);
    }
  });

  it('counts every call: started equals handled, and no malformed call is INTERNAL', async () => {
    const s = await scrape(flic);
    const sum = (name: string, labels: Record<string, string> = {}): number => s.all(name, labels).reduce((a, x) => a + x.value, 0);
    expect(sum('grpc_server_handled_total')).toBe(sum('grpc_server_started_total'));
    expect(sum('grpc_server_handled_total', { grpc_code: 'Internal' })).toBe(0);
    expect(sum('grpc_server_started_total', { grpc_service: 'grpc.health.v1.Health' })).toBeGreaterThan(0);
  });
});

describe('issue 11 item 9: the boot id', () => {
  it('is in ListVms and in the response headers of every call, errors included', async () => {
    expect(await client.bootId()).toBe(flic.bootId);
    expect(client.lastBootId).toBe(flic.bootId);
    const ok = await raw.call('/flic.v1.Flic/ListVms', grpcFrame(serialize('ListVms', {})));
    const enoent = await raw.call('/flic.v1.Flic/Inspect', grpcFrame(serialize('Inspect', { vmId: 'absent' })));
    const health = await raw.call(HEALTH_CHECK, grpcFrame(Buffer.alloc(0)));
    expect([ok.code, enoent.code, health.code]).toEqual([status.OK, status.NOT_FOUND, status.OK]);
    for (const r of [ok, enoent, health]) {
      expect(r.trailers).not.toBeNull();
      expect(r.headers[BOOT_ID_KEY]).toBe(flic.bootId);
    }
  });

  it('is logged at start', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const s = await startService(testServiceConfig(), { logger: createLogger('info', sink) });
    await s.stop('test done');
    const starting = lines.map((l) => JSON.parse(l) as { msg: string; bootId?: string }).find((l) => l.msg === 'flic starting');
    expect(starting?.bootId).toBe(s.bootId);
    expect(s.bootId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('changes with a restart, which the client reports', async () => {
    const first = await startService(testServiceConfig());
    const port = first.grpcPort;
    const c = new FlicClient(`127.0.0.1:${port}`);
    const restarts: [string, string][] = [];
    c.onRestart((now, before) => restarts.push([now, before]));
    await c.createVm('lost');
    const firstId = c.lastBootId;
    expect(firstId).toBe(first.bootId);
    await first.stop('restart');
    const second = await startService(testServiceConfig({ port }));
    try {
      await c.waitForReady(Date.now() + 10_000);
      const err = await c.vm('lost').inspect().catch((e: unknown) => e);
      expect((err as KvmError).errnoName).toBe('ENOENT');
      expect(second.bootId).not.toBe(firstId);
      expect(restarts).toEqual([[second.bootId, firstId]]);
    } finally {
      c.close();
      await second.stop('test done');
    }
  });
});
