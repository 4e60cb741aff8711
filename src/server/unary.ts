// The one wrapper every Flic RPC handler goes through: run the synchronous device call, answer,
// and report to the ServerHooks. It sits on the hot path of every call, so the variant without
// hooks does nothing but try/catch, and the variant with hooks adds one clock read per call end.

import * as grpc from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { ServerHooks } from './hooks.js';
import { errorStatus } from './status.js';

/** A handler body: the decoded request in, the response out; failures are thrown. */
export type UnaryBody<Req, Res> = (request: Req) => Res;

export interface UnaryContext {
  readonly hooks: ServerHooks | undefined;
  readonly logger: Logger;
}

/** The VM a request names (every VM-addressed message has a string vm_id). */
function requestVmId(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || !('vmId' in request)) return undefined;
  return typeof request.vmId === 'string' ? request.vmId : undefined;
}

export function unary<Req, Res>(
  method: string,
  body: UnaryBody<Req, Res>,
  ctx: UnaryContext,
): grpc.handleUnaryCall<Req, Res> {
  const { hooks, logger } = ctx;
  if (hooks === undefined) {
    return (call, callback) => {
      let response: Res;
      try {
        response = body(call.request);
      } catch (err) {
        callback(errorStatus(err, method, logger));
        return;
      }
      callback(null, response);
    };
  }
  // Every call is reported by exactly one callStarted and one callFinished.
  return (call, callback) => {
    hooks.callStarted(method);
    const start = performance.now();
    let response: Res;
    try {
      response = body(call.request);
    } catch (err) {
      if (err instanceof KvmError) hooks.deviceError(err, method, requestVmId(call.request));
      const status = errorStatus(err, method, logger);
      callback(status);
      hooks.callFinished(method, status.code, (performance.now() - start) / 1000);
      return;
    }
    callback(null, response);
    hooks.callFinished(method, grpc.status.OK, (performance.now() - start) / 1000);
  };
}
