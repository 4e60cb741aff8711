// A request frame's body, decompressed within the request's byte limit. grpc-js's own
// decompression collects its output in chunks and joins them, bounded only by the server-wide
// message limit (33 MiB), so one 64 KB frame could cost twice that before any decoder ran. Here the
// limit is the method's (requestLimits.ts), and the output goes into one buffer sized for it:
// deflate expands at most 1032-fold, so a body of n bytes needs at most 1032·n, and the untouched
// part of a large buffer is never paged in. zlib runs on libuv's thread pool, off the main thread.
// Every refusal is a status of the server's one error path, with a reason for the metrics.

import { status as GrpcStatus } from '@grpc/grpc-js';
import zlib from 'node:zlib';
import { KvmError } from '../device/errno.js';
import { REQUEST_GROUP } from '../proto/wire.js';
import type { RefusalReason } from './hooks.js';
import { plainStatus, refusalStatus, type FlicStatus } from './status.js';

/** What decompressRequest rejects with: the status to send and the reason to count. */
export interface RequestRefusal {
  readonly reason: RefusalReason;
  readonly status: FlicStatus;
}

/** deflate's largest expansion (RFC 1951: a 258-byte match in about two bits). */
const DEFLATE_MAX_RATIO = 1032;
/** zlib's smallest output chunk. */
const MIN_CHUNK = 64;
/** gRPC frame: 1 byte compressed flag, 4 bytes length, then the body. */
const FRAME_HEADER_BYTES = 5;

export const SUPPORTED_ENCODINGS = ['identity', 'gzip', 'deflate'] as const;

function invalid(detail: string): RequestRefusal {
  return { reason: 'compression', status: refusalStatus(new KvmError('EINVAL', REQUEST_GROUP, detail)) };
}

export function tooLarge(method: string, limit: number, what: string): RequestRefusal {
  return {
    reason: 'too_large',
    status: plainStatus(
      GrpcStatus.RESOURCE_EXHAUSTED,
      `request of ${method} ${what} more than ${limit} bytes, the limit of this method`,
    ),
  };
}

function inflate(encoding: 'gzip' | 'deflate', body: Buffer, limit: number): Promise<Buffer> {
  const options: zlib.ZlibOptions = {
    maxOutputLength: limit,
    chunkSize: Math.max(MIN_CHUNK, Math.min(limit, body.length * DEFLATE_MAX_RATIO + MIN_CHUNK)),
  };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer): void => (err === null ? resolve(out) : reject(err));
    if (encoding === 'gzip') zlib.gunzip(body, options, done);
    else zlib.inflate(body, options, done);
  });
}

/**
 * The body of one request frame (`frame` includes its 5-byte header), decompressed as the call's
 * `grpc-encoding` says when the frame's flag is set. A plain frame is answered at once (no promise
 * on the hot path); a refusal is thrown, or rejected, as a RequestRefusal.
 */
export function decompressRequest(frame: Buffer, encoding: string, method: string, limit: number): Buffer | Promise<Buffer> {
  const flag = frame[0];
  const body = frame.subarray(FRAME_HEADER_BYTES);
  if (flag === 0) {
    if (body.length > limit) throw tooLarge(method, limit, 'is');
    return body;
  }
  if (flag !== 1) throw invalid(`the message's compressed flag is ${flag}; gRPC allows only 0 and 1`);
  if (encoding === 'identity') {
    throw invalid('the message is marked compressed, but the call has no grpc-encoding (or identity)');
  }
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    const refusal: RequestRefusal = {
      reason: 'encoding',
      status: plainStatus(
        GrpcStatus.UNIMPLEMENTED,
        `grpc-encoding ${encoding} is not supported; use one of ${SUPPORTED_ENCODINGS.join(', ')}`,
      ),
    };
    throw refusal;
  }
  return inflate(encoding, body, limit).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(method, limit, 'decompresses to');
    const why = err instanceof Error ? err.message : String(err);
    throw invalid(`the message is not valid ${encoding} data (${why})`);
  });
}
