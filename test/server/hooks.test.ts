// ServerHooks: every Flic RPC that reaches its handler reports through the one wrapper, so the
// metrics can plug in. Draining refuses calls before that, in the server interceptor (drain.ts).

import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, KvmError } from '../../src/client/index.js';
import { Drain } from '../../src/server/drain.js';
import type { ServerHooks } from '../../src/server/hooks.js';
import { startTestServer, type TestServer } from './fixture.js';
import { decodeStatusDetails } from './rpcStatus.js';

class RecordingHooks implements ServerHooks {
  readonly events: string[] = [];
  readonly errors: KvmError[] = [];
  readonly seconds: number[] = [];
  callStarted(method: string): void {
    this.events.push(`start ${method}`);
  }
  callFinished(method: string, code: number, seconds: number): void {
    this.events.push(`finish ${method} ${code}`);
    this.seconds.push(seconds);
  }
  deviceError(err: KvmError): void {
    this.errors.push(err);
  }
}

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
    const refused: string[] = [];
    running = await startTestServer({
      hooks,
      serverOptions: { interceptors: [drain.interceptor('/flic.v1.Flic/', { refused: (path) => refused.push(path) })] },
    });
    drain.begin();
    const err = await running.client.createVm('nope').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(KvmError);
    const se = err as grpc.ServiceError;
    expect(se.code).toBe(grpc.status.UNAVAILABLE);
    expect(se.details).toBe('flic is shutting down');
    expect(decodeStatusDetails(se.metadata)).toMatchObject({ code: grpc.status.UNAVAILABLE, message: se.details });
    expect(refused).toEqual(['/flic.v1.Flic/CreateVm']);
    expect(hooks.events).toEqual([]);
    expect(running.flic.vms.size).toBe(0);
  });
});
