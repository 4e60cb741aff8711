// The seam between the server and its metrics: the call gate (callGate.ts) reports every call the
// gRPC server answers, whoever answers it (a handler, a refusal of the request, the drain, grpc-js
// itself), and the handler wrapper (unary.ts) reports device errors. Neither side knows the other.

import type { KvmError } from '../device/errno.js';

/**
 * Why a request was refused before its handler (a metric label, so a closed set): the decoder
 * refused its bytes, or a list or string past its limit; its frame was too large, not validly
 * compressed, or in an encoding the server lacks; it carried no or two messages on a unary call;
 * its flic-vm-id header named another VM. Under --authz-file (docs/security.md): the caller had no
 * valid identity, was not allowed the call, or was past its quota.
 */
export const REFUSAL_REASONS = [
  'undecodable',
  'limit',
  'too_large',
  'compression',
  'encoding',
  'cardinality',
  'vm_id_header',
  'unauthenticated',
  'permission_denied',
  'quota',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface ServerHooks {
  /** A call to a method the server has opened; it finishes exactly once (callFinished). */
  callStarted(path: string): void;
  messageReceived(path: string): void;
  messageSent(path: string): void;
  /** The call's final status (CANCELLED when the client went away first). */
  callFinished(path: string, code: number /* grpc status */, seconds: number): void;
  /** The request was refused before its handler ran (the call also finishes with its status). */
  requestRefused(path: string, reason: RefusalReason): void;
  /** A call to a method the server does not have (grpc-js answers it UNIMPLEMENTED). */
  unknownMethod(path: string): void;
  /** `vmId` is the request's, when it names one. */
  deviceError(err: KvmError, method: string, vmId: string | undefined): void;
}
