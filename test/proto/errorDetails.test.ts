// KvmError ⇄ gRPC status with its google.rpc.Status trailer (src/proto/errorDetails.ts): the
// errno table, the trailer read back with nothing but the google.rpc protos, and the round trip
// to the KvmError a client rebuilds.

import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ERRNO, KvmError, type ErrnoName } from '../../src/device/errno.js';
import { ERRNO_STATUS } from '../../src/proto/errnoCodes.js';
import {
  MAX_ERROR_MESSAGE_CHARS,
  MAX_ERROR_TRAILER_BYTES,
  encodeStatus,
  flicErrorInfo,
  kvmErrorFromStatus,
  kvmErrorToStatus,
  trailerBytes,
} from '../../src/proto/errorDetails.js';
import { WRITTEN_KEY } from '../../src/proto/wire.js';
import { decodeStatusDetails } from '../server/rpcStatus.js';

const S = grpc.status;

describe('errno → gRPC status table (design.md §4)', () => {
  const expected: Record<ErrnoName, grpc.status> = {
    EINVAL: S.INVALID_ARGUMENT,
    EFAULT: S.INVALID_ARGUMENT,
    ENOMEM: S.RESOURCE_EXHAUSTED,
    ENOBUFS: S.RESOURCE_EXHAUSTED,
    ENOSPC: S.RESOURCE_EXHAUSTED,
    EBUSY: S.RESOURCE_EXHAUSTED,
    EEXIST: S.ALREADY_EXISTS,
    ENOENT: S.NOT_FOUND,
    ENODEV: S.NOT_FOUND,
    ENXIO: S.NOT_FOUND,
    EOPNOTSUPP: S.FAILED_PRECONDITION,
    EPERM: S.PERMISSION_DENIED,
    EACCES: S.PERMISSION_DENIED,
    ENOTTY: S.UNIMPLEMENTED,
  };

  it.each(Object.keys(ERRNO) as ErrnoName[])('%s', (name) => {
    expect(ERRNO_STATUS[name]).toBe(expected[name]);
    const status = kvmErrorToStatus(new KvmError(name, 'KVM_DEV_FLIC_ENQUEUE', 'why', { metadata: { extraFigure: '7' } }));
    expect(status.code).toBe(expected[name]);
    expect(status.details).toBe(`KVM_DEV_FLIC_ENQUEUE: ${name}: why`);
    const decoded = decodeStatusDetails(status.metadata);
    expect(decoded).toEqual({
      code: expected[name],
      message: status.details,
      errorInfos: [
        {
          reason: name,
          domain: 'flic.s390.kvm',
          metadata: { errno: String(ERRNO[name]), group: 'KVM_DEV_FLIC_ENQUEUE', extraFigure: '7' },
        },
      ],
      otherDetails: [],
    });
  });
});

describe('KvmError round trip', () => {
  it.each(Object.keys(ERRNO) as ErrnoName[])('%s comes back as the KvmError that was sent', (name) => {
    const sent = new KvmError(name, 'KVM_DEV_FLIC_GET_ALL_IRQS', 'buffer holds 0 records: 1 is needed', {
      metadata: { requiredBytes: '72' },
      written: Uint8Array.of(1, 2, 3),
    });
    const received = kvmErrorFromStatus(kvmErrorToStatus(sent));
    expect(received).toBeInstanceOf(KvmError);
    const r = received as KvmError;
    expect([r.errno, r.errnoName, r.group, r.detail, r.message, r.name]).toEqual([
      sent.errno,
      sent.errnoName,
      sent.group,
      sent.detail,
      sent.message,
      'KvmError',
    ]);
    expect(r.metadata).toEqual({ requiredBytes: '72' });
    expect(r.written).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('a status without a flic ErrorInfo is not a KvmError', () => {
    expect(kvmErrorFromStatus(encodeStatus(S.UNAVAILABLE, 'flic is shutting down'))).toBeUndefined();
    expect(kvmErrorFromStatus({ details: 'no trailer', metadata: new grpc.Metadata() })).toBeUndefined();
    const foreign = encodeStatus(S.INVALID_ARGUMENT, 'x', { reason: 'EINVAL', domain: 'example.com', metadata: {} });
    expect(flicErrorInfo(foreign.metadata)).toBeUndefined();
    const unknownErrno = encodeStatus(S.INVALID_ARGUMENT, 'x', { reason: 'EWHAT', domain: 'flic.s390.kvm', metadata: {} });
    expect(flicErrorInfo(unknownErrno.metadata)).toBeUndefined();
  });
});

describe('trailer size (C-core clients refuse more than 8 KiB)', () => {
  const record = 72;
  function partialWrite(records: number): KvmError {
    return new KvmError('ENOMEM', 'KVM_DEV_FLIC_GET_ALL_IRQS', `buffer ran out after ${records} records`, {
      metadata: { requiredBytes: String((records + 1) * record), writtenRecords: String(records) },
      written: new Uint8Array(records * record).fill(0xa5),
    });
  }

  it.each([0, 1, 69, 110, 111, 1000, 266_249])('a partial write of %i records stays under 7 KiB', (records) => {
    const status = kvmErrorToStatus(partialWrite(records));
    expect(trailerBytes(status)).toBeLessThanOrEqual(MAX_ERROR_TRAILER_BYTES);
    const back = kvmErrorFromStatus(status);
    expect(back?.errnoName).toBe('ENOMEM');
    expect(back?.metadata['writtenRecords']).toBe(String(records));
    // The bytes travel whole or not at all.
    if (back?.written !== undefined) expect(back.written).toEqual(partialWrite(records).written);
  });

  it('sends the written bytes while they fit, and only then', () => {
    const carried = (records: number): boolean => kvmErrorToStatus(partialWrite(records)).metadata.get(WRITTEN_KEY).length === 1;
    expect(carried(1)).toBe(true);
    expect(carried(50)).toBe(true);
    expect(carried(110)).toBe(false);
    let last = 0;
    while (carried(last + 1)) last++;
    // The largest write that travels fills the budget: one more record would not fit.
    const fullest = kvmErrorToStatus(partialWrite(last));
    expect(trailerBytes(fullest)).toBeGreaterThan(MAX_ERROR_TRAILER_BYTES - record * 2);
  });

  it('cuts an over-long message, the same in the status and in its google.rpc.Status', () => {
    const status = encodeStatus(grpc.status.INVALID_ARGUMENT, `x${'y'.repeat(20_000)}`);
    expect(status.details.length).toBe(MAX_ERROR_MESSAGE_CHARS);
    expect(status.details.endsWith('…')).toBe(true);
    expect(decodeStatusDetails(status.metadata)?.message).toBe(status.details);
    expect(trailerBytes(status)).toBeLessThanOrEqual(MAX_ERROR_TRAILER_BYTES);
  });
});
