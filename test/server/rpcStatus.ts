// Reads a status's `grpc-status-details-bin` trailer the way a client in another language would:
// with nothing but google/rpc/status.proto and error_details.proto (from google-proto-files),
// independently of flic's own client and loader.

import { createRequire } from 'node:module';
import path from 'node:path';
import { Metadata, type ServiceError, type status } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { expect } from 'vitest';
import { KvmError } from '../../src/device/errno.js';

const googleDir = path.dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => path.join(googleDir, target);
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const Status = root.lookupType('google.rpc.Status');
const ErrorInfo = root.lookupType('google.rpc.ErrorInfo');

export interface DecodedStatus {
  code: number;
  message: string;
  errorInfos: { reason: string; domain: string; metadata: Record<string, string> }[];
  otherDetails: string[];
}

export function decodeStatusDetails(trailers: Metadata): DecodedStatus | undefined {
  const bin = trailers.get('grpc-status-details-bin')[0];
  if (!Buffer.isBuffer(bin)) return undefined;
  const status = Status.toObject(Status.decode(bin), { defaults: true }) as {
    code: number;
    message: string;
    details: { type_url: string; value: Uint8Array }[];
  };
  const errorInfos: DecodedStatus['errorInfos'] = [];
  const otherDetails: string[] = [];
  for (const detail of status.details) {
    if (detail.type_url === 'type.googleapis.com/google.rpc.ErrorInfo') {
      errorInfos.push(ErrorInfo.toObject(ErrorInfo.decode(detail.value), { defaults: true }) as DecodedStatus['errorInfos'][0]);
    } else {
      otherDetails.push(detail.type_url);
    }
  }
  return { code: status.code, message: status.message, errorInfos, otherDetails };
}

/** The gRPC error behind a rejection: a ServiceError, or the `cause` a client KvmError keeps. */
export function serviceErrorOf(err: unknown): ServiceError {
  for (const e of [err, err instanceof Error ? err.cause : undefined]) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'number' && 'metadata' in e && e.metadata instanceof Metadata) {
      return e as ServiceError;
    }
  }
  throw new Error(`not a gRPC error: ${String(err)}`);
}

/** The errno name a call failed with, read only from the trailer's ErrorInfo. */
export function trailerErrno(err: unknown): string {
  const se = serviceErrorOf(err);
  const decoded = decodeStatusDetails(se.metadata);
  if (decoded === undefined) throw new Error(`no status details on ${se.code}: ${se.details}`);
  if (decoded.code !== se.code || decoded.message !== se.details) {
    throw new Error(`details disagree with the status: ${decoded.code}/${decoded.message} vs ${se.code}/${se.details}`);
  }
  const info = decoded.errorInfos[0];
  if (decoded.errorInfos.length !== 1 || info === undefined || info.domain !== 'flic.s390.kvm') {
    throw new Error(`expected one flic ErrorInfo, got ${JSON.stringify(decoded.errorInfos)}`);
  }
  return info.reason;
}

/**
 * Awaits a call that must fail with a KvmError, and checks its errno as the trailer's ErrorInfo
 * carries it and its gRPC status code.
 */
export async function expectKvmFailure(p: Promise<unknown>, errno: string, code: status): Promise<KvmError> {
  const err = await p.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KvmError);
  expect(trailerErrno(err)).toBe(errno);
  expect(serviceErrorOf(err).code).toBe(code);
  return err as KvmError;
}
