// Turns a failed call back into the KvmError the device threw, from the google.rpc.Status in the
// `grpc-status-details-bin` trailer (the same bytes any language's status-details support reads).

import type * as grpc from '@grpc/grpc-js';
import { ERRNO, KvmError, formatKvmError, isErrnoName, type ErrnoName } from '../device/errno.js';
import {
  ERROR_INFO_TYPE_URL,
  FLIC_ERROR_DOMAIN,
  STATUS_DETAILS_KEY,
  WRITTEN_KEY,
  loadRpcStatusTypes,
} from '../proto/loader.js';

/** The ErrorInfo of a flic device error, as decoded from the trailer. */
export interface FlicErrorInfo {
  readonly reason: ErrnoName;
  readonly errno: number;
  readonly group: string;
  /** The other metadata entries (for example requiredBytes). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** protobufjs's built-in google.protobuf.Any keeps the proto field name type_url. */
interface DecodedAny {
  type_url: string;
  value: Uint8Array;
}

interface DecodedErrorInfo {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
}

function firstBuffer(metadata: grpc.Metadata, key: string): Buffer | undefined {
  const v = metadata.get(key)[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

/** The flic ErrorInfo carried by a status's trailers, or undefined for any other failure. */
export function flicErrorInfo(trailers: grpc.Metadata): FlicErrorInfo | undefined {
  const bin = firstBuffer(trailers, STATUS_DETAILS_KEY);
  if (bin === undefined) return undefined;
  const { Status, ErrorInfo } = loadRpcStatusTypes();
  let details: DecodedAny[];
  try {
    details = (Status.toObject(Status.decode(bin), { defaults: true }) as { details: DecodedAny[] }).details;
  } catch {
    return undefined;
  }
  for (const detail of details) {
    if (detail.type_url !== ERROR_INFO_TYPE_URL) continue;
    const info = ErrorInfo.toObject(ErrorInfo.decode(detail.value), { defaults: true }) as DecodedErrorInfo;
    if (info.domain !== FLIC_ERROR_DOMAIN || !isErrnoName(info.reason)) continue;
    const { errno: _errno, group = '', ...rest } = info.metadata;
    return { reason: info.reason, errno: ERRNO[info.reason], group, metadata: rest };
  }
  return undefined;
}

/**
 * A KvmError rebuilt from a failed call (`.errno`, `.errnoName`, `.group`, `.metadata`,
 * `.written`, and `.cause`: the gRPC error as received, trailers included); the call's own error
 * when it carries no flic ErrorInfo (UNAVAILABLE, deadline, …). KvmError's `.name` is 'KvmError',
 * as for every Error subclass: the errno name is `.errnoName`.
 */
export function fromServiceError(err: grpc.ServiceError): KvmError | grpc.ServiceError {
  const info = err.metadata === undefined ? undefined : flicErrorInfo(err.metadata);
  if (info === undefined) return err;
  const prefix = formatKvmError(info.group, info.reason, '');
  const detail = err.details.startsWith(prefix) ? err.details.slice(prefix.length) : err.details;
  const written = firstBuffer(err.metadata, WRITTEN_KEY);
  const kvmError = new KvmError(info.reason, info.group, detail, {
    metadata: info.metadata,
    ...(written === undefined ? {} : { written: new Uint8Array(written) }),
  });
  kvmError.cause = err;
  return kvmError;
}
