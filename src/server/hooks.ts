// The seam between the handlers and the server's metrics: every Flic RPC that reaches its handler
// reports to these hooks through one wrapper (see unary.ts), so neither side knows the other.
// Draining is not a hook: the server interceptor of drain.ts refuses calls before they get here.

import type { KvmError } from '../device/errno.js';

export interface ServerHooks {
  callStarted(method: string): void;
  callFinished(method: string, code: number /* grpc status */, seconds: number): void;
  /** `vmId` is the request's, when it names one. */
  deviceError(err: KvmError, method: string, vmId: string | undefined): void;
}
