// The one error path of the server (design.md §4). Every failure a handler reports is built here,
// and the gRPC status and the google.rpc.Status in `grpc-status-details-bin` come from the same
// code and message, so they cannot disagree (Python's grpcio-status rejects a mismatch).

import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { KvmError, type ErrnoName } from '../device/errno.js';
import {
  ERROR_INFO_TYPE_URL,
  FLIC_ERROR_DOMAIN,
  STATUS_DETAILS_KEY,
  WRITTEN_KEY,
  loadRpcStatusTypes,
} from '../proto/loader.js';

/**
 * errno → gRPC status code (design.md §4). Typed over every ErrnoName, so an errno added to
 * errno.ts without a row here fails to compile.
 */
export const ERRNO_STATUS: { readonly [E in ErrnoName]: grpc.status } = {
  EINVAL: grpc.status.INVALID_ARGUMENT,
  EFAULT: grpc.status.INVALID_ARGUMENT,
  ENOMEM: grpc.status.RESOURCE_EXHAUSTED,
  ENOBUFS: grpc.status.RESOURCE_EXHAUSTED,
  ENOSPC: grpc.status.RESOURCE_EXHAUSTED,
  EBUSY: grpc.status.RESOURCE_EXHAUSTED,
  EEXIST: grpc.status.ALREADY_EXISTS,
  ENOENT: grpc.status.NOT_FOUND,
  ENODEV: grpc.status.NOT_FOUND,
  ENXIO: grpc.status.NOT_FOUND,
  EOPNOTSUPP: grpc.status.FAILED_PRECONDITION,
  EPERM: grpc.status.PERMISSION_DENIED,
  EACCES: grpc.status.PERMISSION_DENIED,
  // Not in design.md's table: "inappropriate ioctl for this device", an operation the device does
  // not have at all.
  ENOTTY: grpc.status.UNIMPLEMENTED,
};

/** What a handler answers with when it fails (grpc-js takes it as the callback's error). */
export type FlicStatus = grpc.StatusObject;

interface ErrorInfo {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

const INTERNAL_MESSAGE = 'internal error';

/** Builds the status and its google.rpc.Status trailer from one code and one message. */
function buildStatus(
  code: grpc.status,
  message: string,
  errorInfo: ErrorInfo | null,
  written: Uint8Array | undefined,
): FlicStatus {
  const { Status, ErrorInfo } = loadRpcStatusTypes();
  // protobufjs's built-in google.protobuf.Any keeps the proto field name type_url.
  const details =
    errorInfo === null ? [] : [{ type_url: ERROR_INFO_TYPE_URL, value: ErrorInfo.encode(errorInfo).finish() }];
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(Status.encode({ code, message, details }).finish()));
  if (written !== undefined) metadata.set(WRITTEN_KEY, Buffer.from(written));
  return { code, details: message, metadata };
}

/** The status of a device error: code from the errno table, ErrorInfo with the errno. */
export function kvmErrorStatus(err: KvmError): FlicStatus {
  const metadata: Record<string, string> = { ...err.metadata, errno: String(err.errno), group: err.group };
  return buildStatus(
    ERRNO_STATUS[err.errnoName],
    err.message,
    { reason: err.errnoName, domain: FLIC_ERROR_DOMAIN, metadata },
    err.written,
  );
}

/**
 * The status for anything a handler throws. A KvmError keeps its errno; anything else is a bug:
 * the caller gets INTERNAL with a generic message and the stack goes only to the log.
 */
export function errorStatus(err: unknown, method: string, logger: Logger): FlicStatus {
  if (err instanceof KvmError) return kvmErrorStatus(err);
  logger.error({ err, method }, 'handler failed');
  return buildStatus(grpc.status.INTERNAL, INTERNAL_MESSAGE, null, undefined);
}

/** A status that is not a device error (for example UNAVAILABLE while draining). */
export function plainStatus(code: grpc.status, message: string): FlicStatus {
  return buildStatus(code, message, null, undefined);
}
