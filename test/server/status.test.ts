// The one error path of the server: anything that is not a device error, plain statuses, and a
// device error on the wire, read back with nothing but the google.rpc protos. The errno table
// and the KvmError encoding itself are tested with their code (test/proto/errorDetails.test.ts).

import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { KvmError } from '../../src/device/errno.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/client/index.js';
import { errorStatus, plainStatus } from '../../src/server/status.js';
import { startTestServer, type TestServer } from './fixture.js';
import { decodeStatusDetails, serviceErrorOf } from './rpcStatus.js';

const S = grpc.status;

describe('errors that are not from the device', () => {
  it('become INTERNAL with a generic message; the stack goes only to the log', () => {
    const lines: string[] = [];
    const logger = pino(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const status = errorStatus(new TypeError('secret detail'), 'Enqueue', logger);
    expect(status.code).toBe(S.INTERNAL);
    expect(status.details).toBe('internal error');
    expect(JSON.stringify(status)).not.toContain('secret');
    expect(decodeStatusDetails(status.metadata)).toEqual({
      code: S.INTERNAL,
      message: 'internal error',
      errorInfos: [],
      otherDetails: [],
    });
    logger.flush();
    const logged = lines.join('');
    expect(logged).toContain('secret detail');
    expect(logged).toContain('"stack"');
    expect(logged).toContain('"method":"Enqueue"');
  });

  it('plain statuses carry matching details too', () => {
    const status = plainStatus(S.UNAVAILABLE, 'draining');
    expect(decodeStatusDetails(status.metadata)).toMatchObject({ code: S.UNAVAILABLE, message: 'draining' });
  });
});

describe('on the wire', () => {
  let running: TestServer | undefined;
  afterEach(async () => {
    await running?.close();
  });

  it('CLEAR_IO_IRQ EINVAL: readable message, equal code and message in the details, one ErrorInfo', async () => {
    running = await startTestServer();
    await running.client.createVm('w');
    const vm = running.client.vm('w');
    await vm.createDevice(KVM_DEV_TYPE_FLIC);
    const err = await vm.clearIoIrq(0, 0).catch((e: unknown) => e);
    const se = serviceErrorOf(err);
    expect(se.code).toBe(S.INVALID_ARGUMENT);
    expect(se.details).toMatch(/^KVM_DEV_FLIC_CLEAR_IO_IRQ: EINVAL: /);
    expect(decodeStatusDetails(se.metadata)).toEqual({
      code: S.INVALID_ARGUMENT,
      message: se.details,
      errorInfos: [
        { reason: 'EINVAL', domain: 'flic.s390.kvm', metadata: { errno: '22', group: 'KVM_DEV_FLIC_CLEAR_IO_IRQ' } },
      ],
      otherDetails: [],
    });
    // The client's KvmError is rebuilt from those details, with the same text.
    expect(err).toBeInstanceOf(KvmError);
    const k = err as KvmError;
    expect([k.errno, k.errnoName, k.group, k.message, k.name]).toEqual([
      22,
      'EINVAL',
      'KVM_DEV_FLIC_CLEAR_IO_IRQ',
      se.details,
      'KvmError',
    ]);
    expect(k.metadata).toEqual({});
  });
});
