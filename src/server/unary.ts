// The one wrapper every Flic RPC handler goes through: run the device call, answer, and report to
// the ServerHooks. It sits on the hot path of every call, so the variant without hooks does
// nothing but try/catch, and the variant with hooks adds one clock read per call end. A body may
// answer later (a promise: the replies built in slices, slicedReply.ts); a body that answers at
// once takes no extra turn of the event loop.

import * as grpc from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { ServerHooks } from './hooks.js';
import type { CallState } from './slicedReply.js';
import { errorStatus } from './status.js';

/** A handler body: the decoded request in, the response out (now or later); failures are thrown. */
export type UnaryBody<Req, Res> = (request: Req, call: CallState) => Res | Promise<Res>;

export interface UnaryContext {
  readonly hooks: ServerHooks | undefined;
  readonly logger: Logger;
}

export function unary<Req, Res>(
  method: string,
  body: UnaryBody<Req, Res>,
  ctx: UnaryContext,
): grpc.handleUnaryCall<Req, Res> {
  const { hooks, logger } = ctx;
  if (hooks === undefined) {
    return (call, callback) => {
      let response: Res | Promise<Res>;
      try {
        response = body(call.request, call);
      } catch (err) {
        callback(errorStatus(err, method, logger));
        return;
      }
      if (response instanceof Promise) {
        response.then(
          (r) => callback(null, r),
          (err: unknown) => callback(errorStatus(err, method, logger)),
        );
        return;
      }
      callback(null, response);
    };
  }
  const fail = (err: unknown, callback: grpc.sendUnaryData<Res>, start: number): void => {
    if (err instanceof KvmError) hooks.deviceError(err);
    const status = errorStatus(err, method, logger);
    callback(status);
    hooks.callFinished(method, status.code, (performance.now() - start) / 1000);
  };
  const succeed = (response: Res, callback: grpc.sendUnaryData<Res>, start: number): void => {
    callback(null, response);
    hooks.callFinished(method, grpc.status.OK, (performance.now() - start) / 1000);
  };
  // Every call is reported by exactly one callStarted and one callFinished.
  return (call, callback) => {
    hooks.callStarted(method);
    const start = performance.now();
    let response: Res | Promise<Res>;
    try {
      response = body(call.request, call);
    } catch (err) {
      fail(err, callback, start);
      return;
    }
    if (response instanceof Promise) {
      response.then(
        (r) => succeed(r, callback, start),
        (err: unknown) => fail(err, callback, start),
      );
      return;
    }
    succeed(response, callback, start);
  };
}
