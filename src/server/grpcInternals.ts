// The one module that reaches into grpc-js (pinned at 1.14.7 in package.json) past its public API.
// Five things have no public hook there:
//   - a per-method request size: grpc-js bounds frames and their decompressed size only by the
//     server-wide grpc.max_receive_message_length, and joins decompressed chunks (twice the size);
//   - the final status of every call: grpc-js answers some calls itself (a frame too large, a
//     deadline, a failed decompression) from its innermost call object, past every interceptor;
//   - the response headers of those answers (the boot id travels in them);
//   - calls to a method the server does not have, answered before any interceptor runs;
//   - the HTTP/2 servers it listens with, whose connections the limits of connectionLimits.ts police.
//   - the connection a call arrived on: getAuthContext() rebuilds the peer certificate on every
//     call (about 34 µs), so authorization keeps the certificate's names per HTTP/2 session.
// The first three are reached through grpc-js's own call object (BaseServerInterceptingCall),
// whose methods a gated call shadows with shared functions that hand over to one per-call object
// (no closure per call: this runs on every call). assertGrpcInternals() checks at start that what
// this module touches is there, and test/server/grpcInternals.test.ts pins each behaviour through a
// real server, so an upgrade of grpc-js that changes any of it fails there, not in production.

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Metadata, Server, ServerInterceptingCall, ServerInterceptingCallInterface } from '@grpc/grpc-js';
import net from 'node:net';
import { BaseServerInterceptingCall } from '@grpc/grpc-js/build/src/server-interceptors.js';
import type { InterceptingServerListener } from '@grpc/grpc-js/build/src/server-interceptors.js';
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder.js';

export type { InterceptingServerListener };

/** A status as a call sends it (grpc-js does not export the type by name). */
export type PartialStatusObject = Parameters<ServerInterceptingCallInterface['sendStatus']>[0];

/** What a gated call decides; one object per call (see callGate.ts). */
export interface GatedCall {
  /** Each request frame (header included) → its body; throws or rejects a status object. */
  decompress(frame: Buffer, encoding: string): Buffer | Promise<Buffer>;
  /** Every status of the call, whoever sends it, passes here and is replaced by what it returns. */
  beforeStatus(status: PartialStatusObject): PartialStatusObject;
  /** The response headers, whenever they are sent. */
  headers(metadata: Metadata): Metadata;
  messageSent(): void;
  /** Wraps the listener that the layer above starts the call with. */
  listener(next: InterceptingServerListener): InterceptingServerListener;
}

const GATE = Symbol('flic call gate');

/** What flic uses of grpc-js's BaseServerInterceptingCall (private there). */
interface BaseCall {
  [GATE]: GatedCall;
  /** The frame reader; refuses a frame whose declared length exceeds maxReadMessageLength. */
  decoder: { maxReadMessageLength: number };
  /** Called for each frame (header included) with the call's grpc-encoding when its flag is 1. */
  decompressMessage(message: Buffer, encoding: string): Buffer | Promise<Buffer>;
  /** Every status of the call, whoever sends it, ends here (grpc-js calls this.sendStatus). */
  sendStatus(status: PartialStatusObject): void;
  /** Response headers; a second call is ignored. */
  sendMetadata(metadata: Metadata): void;
  sendMessage(message: unknown, callback: () => void): void;
  start(listener: InterceptingServerListener): void;
}

const original = BaseServerInterceptingCall.prototype as unknown as BaseCall;
const { sendStatus, sendMetadata, sendMessage, start } = original;

function gatedDecompress(this: BaseCall, frame: Buffer, encoding: string): Buffer | Promise<Buffer> {
  return this[GATE].decompress(frame, encoding);
}
function gatedSendStatus(this: BaseCall, status: PartialStatusObject): void {
  sendStatus.call(this, this[GATE].beforeStatus(status));
}
function gatedSendMetadata(this: BaseCall, metadata: Metadata): void {
  sendMetadata.call(this, this[GATE].headers(metadata));
}
function gatedSendMessage(this: BaseCall, message: unknown, callback: () => void): void {
  this[GATE].messageSent();
  sendMessage.call(this, message, callback);
}
function gatedStart(this: BaseCall, listener: InterceptingServerListener): void {
  start.call(this, this[GATE].listener(listener));
}

interface ServerWithHandlers {
  _retrieveHandler(path: string): unknown;
}

/** Throws at start when this version of grpc-js lacks what the functions below rely on. */
export function assertGrpcInternals(): void {
  const missing: string[] = [];
  const proto = original as unknown as Record<string, unknown>;
  for (const name of ['decompressMessage', 'sendStatus', 'sendMetadata', 'sendMessage', 'start']) {
    if (typeof proto[name] !== 'function') missing.push(`BaseServerInterceptingCall.${name}`);
  }
  if (typeof (new StreamDecoder(1) as unknown as Record<string, unknown>)['maxReadMessageLength'] !== 'number') {
    missing.push('StreamDecoder.maxReadMessageLength');
  }
  if (missing.length > 0) {
    throw new Error(`flic: this @grpc/grpc-js lacks what src/server/grpcInternals.ts uses: ${missing.join(', ')}`);
  }
}

/**
 * Puts `gated` in charge of grpc-js's own call object under the first interceptor: its request
 * frames are held to `limit` bytes on the wire, and each one, each status, the headers, each
 * response message and its listener go through `gated`. Returns the call for the next interceptor
 * (the call object itself: no extra layer), or null when `call` is not grpc-js's own (an
 * interceptor placed before the gate, or a grpc-js that builds calls differently).
 */
export function gateCall(call: ServerInterceptingCallInterface, limit: number, gated: GatedCall): ServerInterceptingCall | null {
  if (!(call instanceof BaseServerInterceptingCall)) return null;
  const base = call as unknown as BaseCall;
  base[GATE] = gated;
  base.decoder.maxReadMessageLength = limit;
  base.decompressMessage = gatedDecompress;
  base.sendStatus = gatedSendStatus;
  base.sendMetadata = gatedSendMetadata;
  base.sendMessage = gatedSendMessage;
  base.start = gatedStart;
  // grpc-js only uses the interface of what an interceptor returns.
  return call as unknown as ServerInterceptingCall;
}

/**
 * The HTTP/2 session (one per connection) a call of grpc-js arrived on, or undefined when the call
 * is not grpc-js's own call object. Its peer certificate is fixed: HTTP/2 forbids renegotiation.
 */
export function callSession(call: ServerInterceptingCallInterface): object | undefined {
  const session = (call as unknown as { stream?: { session?: unknown } }).stream?.session;
  return typeof session === 'object' && session !== null ? session : undefined;
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

/**
 * The HTTP/2 servers of a bound grpc-js server. grpc-js keeps them in a private map and offers no
 * hook on its sessions; this fails loudly (at start, and in test/server/connectionLimits.test.ts)
 * if a grpc-js upgrade moves them.
 */
export function http2ServersOf(server: Server): net.Server[] {
  const servers: unknown = Reflect.get(server, 'http2Servers');
  if (!(servers instanceof Map)) throw new Error('flic: cannot find the HTTP/2 servers of @grpc/grpc-js; connection limits cannot be enforced');
  const found = [...servers.keys()].filter((s): s is net.Server => s instanceof net.Server);
  if (found.length === 0) throw new Error('flic: @grpc/grpc-js has no HTTP/2 server to limit (bind first)');
  return found;
}
