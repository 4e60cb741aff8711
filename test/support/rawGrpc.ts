// gRPC calls made by hand over HTTP/2 (node:http2), for what no gRPC client sends: a body that is
// not valid compressed data, a compressed flag without grpc-encoding, zero or two messages on a
// unary call, bytes that no serializer would write. Each call reports what came back: the status,
// the response headers and trailers, and the response messages' bytes.

import http2 from 'node:http2';
import zlib from 'node:zlib';

export type Encoding = 'identity' | 'gzip' | 'deflate';

/** One gRPC frame: the compressed flag, the 4-byte length, the body. */
export function grpcFrame(body: Uint8Array, flag = 0): Buffer {
  const out = Buffer.alloc(5 + body.length);
  out[0] = flag;
  out.writeUInt32BE(body.length, 1);
  out.set(body, 5);
  return out;
}

/** A frame of `body` compressed with `encoding` (flag 1), or plain for identity. */
export function compressedFrame(body: Uint8Array, encoding: Encoding): Buffer {
  if (encoding === 'identity') return grpcFrame(body);
  return grpcFrame(encoding === 'gzip' ? zlib.gzipSync(body) : zlib.deflateSync(body), 1);
}

export interface RawCallResult {
  /** grpc-status; -1 when the response had none (an HTTP error, a reset stream). */
  readonly code: number;
  readonly message: string;
  readonly httpStatus: number;
  /** The response headers; for a trailers-only response, those are its only headers. */
  readonly headers: http2.IncomingHttpHeaders;
  /** Trailers after the headers; null for a trailers-only response. */
  readonly trailers: http2.IncomingHttpHeaders | null;
  /** The bodies of the response messages. */
  readonly messages: readonly Buffer[];
}

export interface RawCallOptions {
  /** Extra request headers (grpc-encoding, flic-vm-id, …). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Send the body but never end the request stream (the server sees no half-close). */
  readonly keepOpen?: boolean;
}

function splitFrames(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  while (o + 5 <= data.length) {
    const len = data.readUInt32BE(o + 1);
    out.push(data.subarray(o + 5, o + 5 + len));
    o += 5 + len;
  }
  return out;
}

/** One HTTP/2 connection to a gRPC server, for raw calls. */
export class RawGrpcConnection {
  private readonly session: http2.ClientHttp2Session;

  constructor(target: string) {
    this.session = http2.connect(`http://${target}`);
    this.session.on('error', () => undefined);
  }

  get closed(): boolean {
    return this.session.closed || this.session.destroyed;
  }

  /** Sends `body` (frames already built) on `path` and resolves with what came back. */
  call(path: string, body: Uint8Array, options: RawCallOptions = {}): Promise<RawCallResult> {
    return new Promise((resolve, reject) => {
      const req = this.session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...options.headers,
      });
      const chunks: Buffer[] = [];
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders | null = null;
      const timer = setTimeout(() => {
        req.close(http2.constants.NGHTTP2_CANCEL);
        reject(new Error(`raw call ${path}: no answer within ${options.timeoutMs ?? 10_000} ms`));
      }, options.timeoutMs ?? 10_000);
      req.on('response', (h) => {
        headers = h;
      });
      req.on('trailers', (t) => {
        trailers = t;
      });
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      // The answer is complete when the server ends its side (a request kept open never closes).
      let done = false;
      req.on('error', (err) => {
        // A server that has answered may still reset the stream while this side is sending a large
        // body it will never read (nghttp2 answers the rest with RST_STREAM): the answer stands.
        if ((trailers ?? headers)['grpc-status'] !== undefined) {
          finish();
          return;
        }
        done = true;
        clearTimeout(timer);
        reject(err);
      });
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const statusFrom = trailers ?? headers;
        const raw = statusFrom['grpc-status'];
        resolve({
          code: raw === undefined ? -1 : Number(raw),
          message: decodeURIComponent(String(statusFrom['grpc-message'] ?? '')),
          httpStatus: Number(headers[':status'] ?? 0),
          headers,
          trailers,
          messages: splitFrames(Buffer.concat(chunks)),
        });
        // A request kept open is closed here; any other closes by itself (resetting each stream
        // would trip the server's rapid-reset protection, ENHANCE_YOUR_CALM).
        if (options.keepOpen === true && !req.closed) req.close();
      };
      req.on('end', finish);
      req.on('close', finish);
      const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      if (options.keepOpen === true) req.write(data);
      else req.end(data);
    });
  }

  close(): void {
    this.session.close();
  }
}
