// The one error path of the server (design.md §4): every failure a handler reports, the refusal
// of a call while draining, of a malformed request and of a heavy call when the server is busy, is
// built here from
// src/proto/errorDetails.ts, so the gRPC status and the google.rpc.Status in
// `grpc-status-details-bin` cannot disagree. A status that grpc-js builds itself (a deadline, a
// frame past the size limit) gets the same trailer on its way out (withStatusDetails).

import type { Metadata, status } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import { encodeStatus, kvmErrorToStatus, type WireStatus } from '../proto/errorDetails.js';
import { STATUS_DETAILS_KEY } from '../proto/wire.js';

/** What a handler answers with when it fails (grpc-js takes it as the callback's error). */
export type FlicStatus = WireStatus;

const INTERNAL_MESSAGE = 'internal error';
/** The message of a call refused while the server drains. */
export const DRAINING_MESSAGE = 'flic is shutting down';

/**
 * The status for anything a handler throws. A KvmError keeps its errno; anything else is a bug:
 * the caller gets INTERNAL with a generic message and the stack goes only to the log.
 */
export function errorStatus(err: unknown, method: string, logger: Logger): FlicStatus {
  if (err instanceof KvmError) return kvmErrorToStatus(err);
  if (err instanceof CallCancelled) return plainStatus(GrpcStatus.CANCELLED, err.message);
  logger.error({ err, method }, 'handler failed');
  return encodeStatus(GrpcStatus.INTERNAL, INTERNAL_MESSAGE);
}

/** A status that is not a device error (for example UNAVAILABLE while draining). */
export function plainStatus(code: status, message: string): FlicStatus {
  return encodeStatus(code, message);
}

/** The refusal of a call that arrives while the server drains. */
export function drainingStatus(): FlicStatus {
  return plainStatus(GrpcStatus.UNAVAILABLE, DRAINING_MESSAGE);
}

/** The refusal of a heavy call when every slot is taken and the queue is full (heavyCalls.ts). */
export function busyStatus(maxRunning: number, maxQueued: number): FlicStatus {
  return plainStatus(
    GrpcStatus.RESOURCE_EXHAUSTED,
    `flic is busy: ${maxRunning} heavy calls are running and ${maxQueued} are waiting; retry later`,
  );
}

/** Thrown by a handler that stops because its call was cancelled: not a bug, nothing to log. */
export class CallCancelled extends Error {
  constructor() {
    super('the call was cancelled');
    this.name = 'CallCancelled';
  }
}

/** A request refused before the device (the decoder's EINVAL, with its ErrorInfo group REQUEST). */
export function refusalStatus(err: KvmError): FlicStatus {
  return kvmErrorToStatus(err);
}

/** A status as grpc-js hands it to the stream, before it is sent. */
export interface OutgoingStatus {
  readonly code: status;
  readonly details: string;
  readonly metadata?: Metadata | null;
}

/**
 * `s` with a google.rpc.Status trailer of its code and message, when it is an error without one
 * (grpc-js's own refusals); anything else is returned as it is.
 */
export function withStatusDetails<S extends OutgoingStatus>(s: S): S | FlicStatus {
  if (s.code === GrpcStatus.OK) return s;
  if (s.metadata !== undefined && s.metadata !== null && s.metadata.get(STATUS_DETAILS_KEY).length > 0) return s;
  const out = plainStatus(s.code, s.details);
  if (s.metadata !== undefined && s.metadata !== null) out.metadata.merge(s.metadata);
  return out;
}
