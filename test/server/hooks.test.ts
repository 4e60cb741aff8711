// ServerHooks: every call the server answers is reported once, by the call gate, whoever answers
// it (a handler, the drain's refusal); device errors come from the handler wrapper.

import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, KvmError } from '../../src/client/index.js';
import { Drain } from '../../src/server/drain.js';
import { RecordingHooks, startTestServer, type TestServer } from './fixture.js';
import { decodeStatusDetails } from './rpcStatus.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
});

describe('ServerHooks', () => {
  it('reports each call once, with its status code and duration', async () => {
    const hooks = new RecordingHooks();
    running = await startTestServer({ hooks });
    const { client } = running;
    await client.createVm('h');
    await client.vm('h').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('h').clearIoIrq(0, 0).catch(() => undefined);
    expect(hooks.events).toEqual([
      'start CreateVm',
      `finish CreateVm ${grpc.status.OK}`,
      'start CreateDevice',
      `finish CreateDevice ${grpc.status.OK}`,
      'start ClearIoIrq',
      `finish ClearIoIrq ${grpc.status.INVALID_ARGUMENT}`,
    ]);
    expect(hooks.errors.map((e) => [e.errnoName, e.group])).toEqual([['EINVAL', 'KVM_DEV_FLIC_CLEAR_IO_IRQ']]);
    for (const s of hooks.seconds) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('a call refused while draining answers UNAVAILABLE through the one error path and never reaches the device', async () => {
    const hooks = new RecordingHooks();
    const drain = new Drain();
    running = await startTestServer({ hooks, serverOptions: { interceptors: [drain.interceptor('/flic.v1.Flic/')] } });
    drain.begin();
    const err = await running.client.createVm('nope').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(KvmError);
    const se = err as grpc.ServiceError;
    expect(se.code).toBe(grpc.status.UNAVAILABLE);
    expect(se.details).toBe('flic is shutting down');
    expect(decodeStatusDetails(se.metadata)).toMatchObject({ code: grpc.status.UNAVAILABLE, message: se.details });
    expect(hooks.events).toEqual(['start CreateVm', `finish CreateVm ${grpc.status.UNAVAILABLE}`]);
    expect(hooks.errors).toEqual([]);
    expect(running.flic.vms.size).toBe(0);
  });
});
