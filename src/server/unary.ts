// The one wrapper every Flic RPC handler goes through: run the synchronous device call, answer,
// and report device errors to the ServerHooks. Calls themselves are counted by the call gate
// (callGate.ts), which also sees the calls that never reach a handler.

import type * as grpc from '@grpc/grpc-js';
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

export function unary<Req, Res>(
  method: string,
  body: UnaryBody<Req, Res>,
  ctx: UnaryContext,
): grpc.handleUnaryCall<Req, Res> {
  const { hooks, logger } = ctx;
  return (call, callback) => {
    let response: Res;
    try {
      response = body(call.request);
    } catch (err) {
      if (hooks !== undefined && err instanceof KvmError) hooks.deviceError(err);
      callback(errorStatus(err, method, logger));
      return;
    }
    callback(null, response);
  };
}
