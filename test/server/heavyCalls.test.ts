// Heavy calls (replies of whole queues) against a real flic: admission (a bounded number at once,
// a bounded queue, then RESOURCE_EXHAUSTED with its google.rpc.Status), the event loop answering
// other calls between the slices of their replies, and the replies themselves unchanged.

import http2 from 'node:http2';
import { Metadata } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import {
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_FLIC_MAX_BUFFER,
} from '../../src/device/index.js';
import { startService, type RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { HEAVY_RECORDS } from '../../src/server/heavyCalls.js';
import { grpcFrame, methodPath, serialize, type FlicMethod } from '../../bench/load/grpcFrame.js';
import { fullQueueIrqs, ioIrqs, rawChunks } from '../support/workload.js';
import { testServiceConfig } from './fixture.js';
import { decodeStatusDetails, type DecodedStatus } from './rpcStatus.js';

let flic: RunningService;
let client: FlicClient;
let session: http2.ClientHttp2Session;

async function start(overrides: Partial<ServiceConfig>): Promise<void> {
  flic = await startService(testServiceConfig(overrides));
  client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
  session = http2.connect(`http://127.0.0.1:${flic.grpcPort}`);
  session.on('error', () => undefined);
}

afterEach(async () => {
  session.destroy();
  client.close();
  await flic.stop('test done');
});

async function fullVm(id: string): Promise<void> {
  await client.createVm(id);
  const vm = client.vm(id);
  await vm.createDevice(KVM_DEV_TYPE_FLIC);
  for (const data of rawChunks(fullQueueIrqs(), 50_000)) {
    await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  }
}

interface RawReply {
  /** Order in which the response headers (or the trailers-only answer) arrived. */
  readonly headersAt: number;
  readonly status: string;
  readonly details: Buffer | undefined;
  readonly bytes: number;
}

let arrivals = 0;

/** One unary call over plain HTTP/2 (a fast reader unless `paused`), with its framed request. */
function rawCall(path: string, frame: Buffer, paused = false): { stream: http2.ClientHttp2Stream; reply: Promise<RawReply> } {
  const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
  const reply = new Promise<RawReply>((resolve, reject) => {
    let headersAt = -1;
    let status: string | undefined;
    let details: Buffer | undefined;
    let bytes = 0;
    const take = (h: http2.IncomingHttpHeaders): void => {
      if (headersAt < 0) headersAt = arrivals++;
      const st = h['grpc-status'];
      if (typeof st === 'string') status = st;
      const d = h['grpc-status-details-bin'];
      if (typeof d === 'string') details = Buffer.from(d, 'base64');
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', (c: Buffer) => (bytes += c.length));
    stream.on('error', reject);
    stream.on('close', () => resolve({ headersAt, status: status ?? 'missing', details, bytes }));
  });
  if (paused) stream.pause();
  stream.end(frame);
  return { stream, reply };
}

function flicCall<M extends FlicMethod>(method: M, request: Parameters<typeof serialize<M>>[1]): Promise<RawReply> {
  return rawCall(methodPath(method), grpcFrame(serialize(method, request))).reply;
}

const getAllFrame = (vmId: string): Buffer => grpcFrame(serialize('GetAllIrqs', { vmId, bufferLen: KVM_S390_FLIC_MAX_BUFFER }));
const getAll = (vmId: string): Promise<RawReply> => rawCall(methodPath('GetAllIrqs'), getAllFrame(vmId)).reply;

function statusOf(details: Buffer): DecodedStatus {
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', details);
  return decodeStatusDetails(metadata)!;
}

describe('heavy-call admission', () => {
  beforeEach(async () => {
    await start({ maxHeavyCalls: 1, maxQueuedHeavyCalls: 1 });
    await fullVm('full');
  });

  it('runs one, queues one, and refuses the rest with RESOURCE_EXHAUSTED and its google.rpc.Status', async () => {
    const replies = await Promise.all([getAll('full'), getAll('full'), getAll('full'), getAll('full')]);
    const ok = replies.filter((r) => r.status === '0');
    const refused = replies.filter((r) => r.status === '8');
    expect(ok.length).toBe(2);
    expect(refused.length).toBe(2);
    for (const r of ok) expect(r.bytes).toBe(ok[0]!.bytes);
    for (const r of refused) {
      expect(r.bytes).toBe(0);
      const s = statusOf(r.details!);
      expect(s.code).toBe(8);
      expect(s.message).toMatch(/^flic is busy: 1 heavy calls are running and 1 are waiting/);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`)).text();
    expect(metrics).toContain('flic_server_limit_hits_total{limit="heavy_call_queue"} 2');
    expect(metrics).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="GetAllIrqs"[^}]*grpc_code="ResourceExhausted"\} 2/);
    // The call gate counts every call once, the refused ones included: four started, four handled.
    expect(metrics).toMatch(/grpc_server_started_total\{[^}]*grpc_method="GetAllIrqs"[^}]*\} 4\n/);
    expect(metrics).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="GetAllIrqs"[^}]*grpc_code="OK"\} 2/);
  });

  it('gives a waiting Deliver no slot: heavy calls are admitted while vCPUs wait', async () => {
    await client.createVm('idle');
    await client.vm('idle').createDevice(KVM_DEV_TYPE_FLIC);
    const cpu = { pswMask: String(0x0300000000000000n), cr0: 0, cr6: 0xff000000, cr14: 0, cpuId: 0, localPending: 0, localMchkCr14: 0, iictl: 0 };
    // Three vCPUs wait for an I/O interrupt, more than the one slot and the one place in the queue.
    // They wait far longer than the heavy calls can take, however busy the machine; the ENQUEUE
    // below ends their wait.
    const waiting = [0, 1, 2].map((cpuId) => flicCall('Deliver', { vmId: 'idle', cpu: { ...cpu, cpuId }, waitMs: 60_000 }));
    let answered = 0;
    for (const w of waiting) void w.then(() => answered++);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const heavy = await Promise.all([getAll('full'), getAll('full')]);
    expect(heavy.map((r) => r.status)).toEqual(['0', '0']);
    expect(answered).toBe(0);
    await client.vm('idle').enqueue(ioIrqs(3));
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual(['0', '0', '0']);
  });

  it('counts Inspect and the raw GET_ALL_IRQS as heavy, and small queues and other groups as light', async () => {
    const raw = { vmId: 'full', flags: 0, group: KVM_DEV_FLIC_GET_ALL_IRQS, attr: KVM_S390_FLIC_MAX_BUFFER, data: new Uint8Array(0), badAddr: false };
    const heavy = await Promise.all([flicCall('Inspect', { vmId: 'full' }), flicCall('GetDeviceAttr', raw), flicCall('Inspect', { vmId: 'full' })]);
    expect(heavy.map((r) => r.status).sort()).toEqual(['0', '0', '8']);
    await client.createVm('small');
    await client.vm('small').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('small').enqueue(ioIrqs(HEAVY_RECORDS));
    const light = await Promise.all([
      ...Array.from({ length: 4 }, () => getAll('small')),
      ...Array.from({ length: 4 }, () => flicCall('HasDeviceAttr', { ...raw, group: 2 })),
    ]);
    expect(light.map((r) => r.status)).toEqual(Array(8).fill('0'));
  });

  it('gives a cancelled waiting call its place back, and holds a slot until the reply is read', async () => {
    // The first call holds the one slot: its client does not read the reply yet.
    const first = rawCall(methodPath('GetAllIrqs'), getAllFrame('full'), true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = rawCall(methodPath('GetAllIrqs'), getAllFrame('full'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    second.stream.close(http2.constants.NGHTTP2_CANCEL);
    expect((await second.reply).status).toBe('missing');
    // The queue has its place again: the third waits instead of being refused.
    const third = getAll('full');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fourth = await getAll('full');
    expect(fourth.status).toBe('8');
    first.stream.resume();
    expect((await first.reply).status).toBe('0');
    expect((await third).status).toBe('0');
  });
});

describe('the event loop under heavy calls', () => {
  beforeEach(async () => {
    await start({ maxHeavyCalls: 4, maxQueuedHeavyCalls: 4 });
    await fullVm('full');
  });

  it('answers other calls, health included, between the slices of heavy replies', async () => {
    arrivals = 0;
    const heavy = [getAll('full'), getAll('full'), getAll('full'), flicCall('Inspect', { vmId: 'full' })];
    await new Promise((resolve) => setTimeout(resolve, 20));
    const health = rawCall('/grpc.health.v1.Health/Check', grpcFrame(new Uint8Array(0))).reply;
    const small = flicCall('ListVms', {});
    const [h, l, ...big] = await Promise.all([health, small, ...heavy]);
    expect(big.map((r) => r.status)).toEqual(['0', '0', '0', '0']);
    expect(h.status).toBe('0');
    expect(l.status).toBe('0');
    // Both were answered before the last heavy reply began: the loop was not held for the whole build.
    const lastHeavy = Math.max(...big.map((r) => r.headersAt));
    expect(h.headersAt).toBeLessThan(lastHeavy);
    expect(l.headersAt).toBeLessThan(lastHeavy);
  });
});
