// FlicClient / RemoteVm against the real server: errors rebuilt as KvmError, readAllIrqs' one
// retry, the flic-vm-id header, and the same answers as the in-process device.

import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FlicClient,
  KVM_DEV_TYPE_FLIC,
  KvmError,
  READ_ALL_FIRST_GUESS,
  ioType,
  iscToIntWord,
  type Irq,
} from '../../src/client/index.js';
import { VmRegistry } from '../../src/device/index.js';
import type { ServerHooks } from '../../src/server/hooks.js';
import { RecordingHooks, startTestServer, type TestServer } from '../server/fixture.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

class CallLog extends RecordingHooks {
  readonly calls: string[] = [];
  override callStarted(path: string): void {
    this.calls.push(path.slice(path.lastIndexOf('/') + 1));
  }
}

function ioIrq(n: number): Irq {
  return { kind: 'io', type: ioType(0xfe, 0, n), subchannelId: 0xfe01, subchannelNr: n, ioIntParm: n, ioIntWord: iscToIntWord(3) };
}

async function withVm(hooks?: ServerHooks, serverOptions?: grpc.ServerOptions) {
  running = await startTestServer({ ...(hooks ? { hooks } : {}), ...(serverOptions ? { serverOptions } : {}) });
  await running.client.createVm('c');
  const vm = running.client.vm('c');
  await vm.createDevice(KVM_DEV_TYPE_FLIC);
  return vm;
}

describe('FlicClient', () => {
  it('builds type codes with the ABI helpers', () => {
    expect(ioType(0xfe, 0, 5)).toBe(0x03f80005n);
    expect(ioType(0, 0, 0, true)).toBe(0x04000000n);
  });

  it('rejects device errors with a KvmError equal to the in-process one', async () => {
    const vm = await withVm();
    const local = new VmRegistry();
    local.createVm('c');
    local.vm('c').createDevice(KVM_DEV_TYPE_FLIC);
    await vm.enqueue([ioIrq(1), ioIrq(2)]);
    local.vm('c').enqueue([ioIrq(1), ioIrq(2)]);

    const remoteErr = await vm.getAllIrqs(100n).catch((e: unknown) => e);
    let localErr: unknown;
    try {
      local.vm('c').getAllIrqs(100n);
    } catch (e) {
      localErr = e;
    }
    expect(remoteErr).toBeInstanceOf(KvmError);
    expect(localErr).toBeInstanceOf(KvmError);
    const r = remoteErr as KvmError;
    const l = localErr as KvmError;
    expect([r.errno, r.errnoName, r.group, r.detail, r.message, r.metadata]).toEqual([
      l.errno,
      l.errnoName,
      l.group,
      l.detail,
      l.message,
      l.metadata,
    ]);
    expect(r.metadata).toEqual({ requiredBytes: '144' });
    expect((r.cause as grpc.ServiceError).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('readAllIrqs sizes its buffer from requiredBytes in one retry', async () => {
    const log = new CallLog();
    const vm = await withVm(log);
    const irqs = Array.from({ length: 100 }, (_, i) => ioIrq(i + 1));
    expect(BigInt(irqs.length * 72)).toBeGreaterThan(READ_ALL_FIRST_GUESS);
    await vm.enqueue(irqs);
    log.calls.length = 0;
    expect(await vm.readAllIrqs()).toEqual(irqs);
    expect(log.calls).toEqual(['GetAllIrqs', 'GetAllIrqs']);
    log.calls.length = 0;
    expect(await vm.getAllIrqs()).toEqual(irqs);
    expect(log.calls).toEqual(['GetAllIrqs', 'GetAllIrqs']);
    log.calls.length = 0;
    expect(await vm.readAllIrqs(100n * 72n)).toEqual(irqs);
    expect(log.calls).toEqual(['GetAllIrqs']);
  });

  it('sends flic-vm-id on every VM-addressed call', async () => {
    const seen: [string, string | undefined][] = [];
    const interceptor: grpc.ServerInterceptor = (method, call) =>
      new grpc.ServerInterceptingCall(call, {
        start(next) {
          next({
            onReceiveMetadata(md, mdNext) {
              const v = md.get('flic-vm-id')[0];
              seen.push([method.path.split('/').pop() ?? '', typeof v === 'string' ? v : undefined]);
              mdNext(md);
            },
          });
        },
      });
    const vm = await withVm(undefined, { interceptors: [interceptor] });
    await vm.clearIrqs();
    await vm.inspect();
    await running!.client.listVms();
    await running!.client.deleteVm('c');
    expect(seen).toEqual([
      ['CreateVm', 'c'],
      ['CreateDevice', 'c'],
      ['ClearIrqs', 'c'],
      ['Inspect', 'c'],
      ['ListVms', undefined],
      ['DeleteVm', 'c'],
    ]);
  });

  it('passes other failures through as the gRPC error', async () => {
    running = await startTestServer();
    const port = running.flic.port;
    await running.close();
    running = undefined;
    const client = new FlicClient(`127.0.0.1:${port}`);
    try {
      const err = await client.listVms().catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(KvmError);
      expect((err as grpc.ServiceError).code).toBe(grpc.status.UNAVAILABLE);
    } finally {
      client.close();
    }
  });
});
