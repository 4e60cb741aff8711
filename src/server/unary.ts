// The one wrapper every Flic RPC handler goes through: run the device call, answer, and report
// device errors to the ServerHooks. Calls themselves are counted by the call gate (callGate.ts),
// which also sees the calls that never reach a handler. A body answers synchronously, except a
// Deliver that waits (vcpuWaits.ts) and a reply built in slices (slicedReply.ts): they answer with
// a promise. A body that answers at once takes no extra turn of the event loop. With a state
// directory every answer passes the ReplyGate, which sends it once what the call observed is
// durable (docs/state.md).

import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { ServerHooks } from './hooks.js';
import { errorStatus } from './status.js';

/**
 * A handler body: the decoded request in, the response out (or a promise of it); failures are
 * thrown or rejected. `call` is there for a body that waits (or answers in slices) and must see the caller cancel.
 */
export type UnaryBody<Req, Res> = (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Res | Promise<Res>;

/** Sends a reply now, or once every change recorded before it is durable (persistence/journal.ts). */
export interface ReplyGate {
  hold(send: () => void): void;
}

export interface UnaryContext {
  readonly hooks: ServerHooks | undefined;
  readonly logger: Logger;
  readonly replies?: ReplyGate;
}

/** The VM a request names (every VM-addressed message has a string vm_id). */
function requestVmId(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || !('vmId' in request)) return undefined;
  return typeof request.vmId === 'string' ? request.vmId : undefined;
}

/** The callback, through the gate when there is one. */
function gated<Res>(callback: grpc.sendUnaryData<Res>, gate: ReplyGate | undefined): grpc.sendUnaryData<Res> {
  if (gate === undefined) return callback;
  return (err, value) => gate.hold(() => callback(err, value));
}

export function unary<Req, Res>(
  method: string,
  body: UnaryBody<Req, Res>,
  ctx: UnaryContext,
): grpc.handleUnaryCall<Req, Res> {
  const { hooks, logger, replies } = ctx;
  const fail = (err: unknown, request: Req, callback: grpc.sendUnaryData<Res>): void => {
    if (hooks !== undefined && err instanceof KvmError) hooks.deviceError(err, method, requestVmId(request));
    callback(errorStatus(err, method, logger));
  };
  return (call, reply) => {
    const callback = gated(reply, replies);
    let response: Res | Promise<Res>;
    try {
      response = body(call.request, call);
    } catch (err) {
      fail(err, call.request, callback);
      return;
    }
    if (response instanceof Promise) {
      response.then(
        (r) => callback(null, r),
        (err: unknown) => fail(err, call.request, callback),
      );
      return;
    }
    callback(null, response);
  };
}
