// The seam between the handlers and the server's operations (metrics, draining): every Flic RPC
// reports to these hooks through one wrapper (see unary.ts), so neither side knows the other.

import type { KvmError } from '../device/errno.js';

export interface ServerHooks {
  /**
   * Decide whether to admit a call; false → the handler answers UNAVAILABLE. startFlic (app.ts)
   * drains in a server interceptor instead, at stream open, so that a large ENQUEUE still
   * uploading when SIGTERM arrives is not refused; its hooks always admit.
   */
  admit(method: string): boolean;
  callStarted(method: string): void;
  callFinished(method: string, code: number /* grpc status */, seconds: number): void;
  deviceError(err: KvmError): void;
}
