// The one module that reaches into grpc-js (pinned at 1.14.7 in package.json) past its public API.
// Four things have no public hook there:
//   - a per-method request size: grpc-js bounds frames and their decompressed size only by the
//     server-wide grpc.max_receive_message_length, and joins decompressed chunks (twice the size);
//   - the final status of every call: grpc-js answers some calls itself (a frame too large, a
//     deadline, a failed decompression) from its innermost call object, past every interceptor;
//   - the response headers of those answers (the boot id travels in them);
//   - calls to a method the server does not have, answered before any interceptor runs.
// assertGrpcInternals() checks at start that what this module touches is there, and
// test/server/grpcInternals.test.ts pins each behaviour through a real server, so an upgrade of
// grpc-js that changes any of it fails there, not in production.

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Metadata, Server, ServerInterceptingCallInterface } from '@grpc/grpc-js';

/** A status as a call sends it (grpc-js does not export the type by name). */
export type PartialStatusObject = Parameters<ServerInterceptingCallInterface['sendStatus']>[0];
import { BaseServerInterceptingCall } from '@grpc/grpc-js/build/src/server-interceptors.js';
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder.js';

/** What flic uses of grpc-js's BaseServerInterceptingCall (private there). */
interface BaseCall {
  /** The frame reader; refuses a frame whose declared length exceeds maxReadMessageLength. */
  decoder: { maxReadMessageLength: number };
  /** Called for each frame (header included) with the call's grpc-encoding when its flag is 1. */
  decompressMessage(message: Buffer, encoding: string): Buffer | Promise<Buffer>;
  /** Every status of the call, whoever sends it, ends here (grpc-js calls this.sendStatus). */
  sendStatus(status: PartialStatusObject): void;
  /** Response headers; a second call is ignored. */
  sendMetadata(metadata: Metadata): void;
}

interface ServerWithHandlers {
  _retrieveHandler(path: string): unknown;
}

/** Throws at start when this version of grpc-js lacks what the functions below rely on. */
export function assertGrpcInternals(): void {
  const missing: string[] = [];
  const proto = BaseServerInterceptingCall.prototype as unknown as Record<string, unknown>;
  for (const name of ['decompressMessage', 'sendStatus', 'sendMetadata']) {
    if (typeof proto[name] !== 'function') missing.push(`BaseServerInterceptingCall.${name}`);
  }
  if (typeof (new StreamDecoder(1) as unknown as Record<string, unknown>)['maxReadMessageLength'] !== 'number') missing.push('StreamDecoder.maxReadMessageLength');
  if (missing.length > 0) {
    throw new Error(`flic: this @grpc/grpc-js lacks what src/server/grpcInternals.ts uses: ${missing.join(', ')}`);
  }
}

/**
 * grpc-js's own call object under the first interceptor, or null when `call` is not one (an
 * interceptor placed before flic's, or a grpc-js that builds calls differently).
 */
export function baseCallOf(call: ServerInterceptingCallInterface): BaseCall | null {
  return call instanceof BaseServerInterceptingCall ? (call as unknown as BaseCall) : null;
}

/**
 * Bounds the call's request frames to `limit` bytes on the wire and has `decompress` turn each
 * frame into its body (grpc-js then runs the method's deserializer on it). A rejection of
 * `decompress` must be a status object: grpc-js sends it as the call's status.
 */
export function boundRequestFrames(
  base: BaseCall,
  limit: number,
  decompress: (frame: Buffer, encoding: string) => Promise<Buffer>,
): void {
  base.decoder.maxReadMessageLength = limit;
  base.decompressMessage = decompress;
}

/**
 * Runs `before(status)` ahead of every status the call sends, whoever sends it; `before` returns
 * the status to send in its place.
 */
export function interceptEveryStatus(base: BaseCall, before: (status: PartialStatusObject) => PartialStatusObject): void {
  const send = base.sendStatus;
  base.sendStatus = (status) => send.call(base, before(status));
}

/** Adds `headers` to the call's response headers, whenever and by whomever they are sent. */
export function addResponseHeaders(base: BaseCall, headers: (metadata: Metadata) => Metadata): void {
  const send = base.sendMetadata;
  base.sendMetadata = (metadata) => send.call(base, headers(metadata));
}

/** grpc-js's refusal of a frame longer than the call's limit (its frame reader's own message). */
export function isFrameSizeRefusal(status: PartialStatusObject): boolean {
  return status.code === GrpcStatus.RESOURCE_EXHAUSTED && status.details.startsWith('Received message larger than max');
}

/** Calls `unknown(path)` for each call to a method the server does not have (grpc-js answers it). */
export function observeUnknownMethods(server: Server, unknown: (path: string) => void): void {
  const s = server as unknown as ServerWithHandlers;
  if (typeof s._retrieveHandler !== 'function') {
    throw new Error('flic: this @grpc/grpc-js lacks Server._retrieveHandler (see src/server/grpcInternals.ts)');
  }
  const retrieve = s._retrieveHandler;
  s._retrieveHandler = (path: string): unknown => {
    const handler = retrieve.call(server, path);
    if (handler === null || handler === undefined) unknown(path);
    return handler;
  };
}
