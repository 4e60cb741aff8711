// The one wrapper every Flic RPC handler goes through: run the device call, answer, and report to
// the ServerHooks. It sits on the hot path of every call, so the variant without hooks does
// nothing but try/catch, and the variant with hooks adds one clock read per call end. A body
// answers synchronously, except a Deliver that waits (vcpuWaits.ts): it answers with a promise.
// With a state directory every answer passes the ReplyGate, which sends it once what the call
// observed is durable (docs/state.md).

import * as grpc from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { ServerHooks } from './hooks.js';
import { errorStatus } from './status.js';

/**
 * A handler body: the decoded request in, the response out (or a promise of it); failures are
 * thrown or rejected. `call` is there for a body that waits and must see the caller cancel.
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

/** The callback, through the gate when there is one. */
function gated<Res>(callback: grpc.sendUnaryData<Res>, gate: ReplyGate | undefined): grpc.sendUnaryData<Res> {
  if (gate === undefined) return callback;
  return (err, value) => gate.hold(() => callback(err, value));
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
  const { hooks, logger, replies } = ctx;
  if (hooks === undefined) {
    return (call, reply) => {
      const callback = gated(reply, replies);
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
  // Every call is reported by exactly one callStarted and one callFinished.
  return (call, reply) => {
    const callback = gated(reply, replies);
    hooks.callStarted(method);
    const start = performance.now();
    let response: Res | Promise<Res>;
    try {
      response = body(call.request, call);
    } catch (err) {
      failed(err, call.request, method, start, callback, hooks, logger);
      return;
    }
    if (response instanceof Promise) {
      response.then(
        (r) => answered(r, call, method, start, callback, hooks),
        (err: unknown) => failed(err, call.request, method, start, callback, hooks, logger),
      );
      return;
    }
    callback(null, response);
    hooks.callFinished(method, grpc.status.OK, (performance.now() - start) / 1000);
  };
}

function failed<Res>(
  err: unknown,
  request: unknown,
  method: string,
  start: number,
  callback: grpc.sendUnaryData<Res>,
  hooks: ServerHooks,
  logger: Logger,
): void {
  if (err instanceof KvmError) hooks.deviceError(err, method, requestVmId(request));
  const status = errorStatus(err, method, logger);
  callback(status);
  hooks.callFinished(method, status.code, (performance.now() - start) / 1000);
}

/** A waiting call's answer; one the caller gave up on ends as it ended for the caller. */
function answered<Req, Res>(
  r: Res,
  call: grpc.ServerUnaryCall<Req, Res>,
  method: string,
  start: number,
  callback: grpc.sendUnaryData<Res>,
  hooks: ServerHooks,
): void {
  callback(null, r);
  hooks.callFinished(method, call.cancelled ? grpc.status.CANCELLED : grpc.status.OK, (performance.now() - start) / 1000);
}
