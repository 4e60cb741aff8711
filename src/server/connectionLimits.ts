// Limits on connections, streams and slow readers. grpc-js enforces those it has options for
// (grpcLimitOptions); the others are enforced here on the HTTP/2 servers that grpc-js listens
// with (enforceConnectionLimits). docs/operating.md says which mechanism enforces each.

import http2 from 'node:http2';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Server, ServerOptions } from '@grpc/grpc-js';
import { http2ServersOf } from './grpcInternals.js';
import type { LimitObserver } from './limitHits.js';

export interface ConnectionLimits {
  /** Open connections per listening address; the ones past it are closed as they are accepted. */
  readonly maxConnections: number;
  /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS. */
  readonly maxConcurrentStreams: number;
  /** Time a connection gets to send the HTTP/2 preface and SETTINGS (0: no limit). */
  readonly handshakeTimeoutMs: number;
  /** A connection without calls for this long gets GOAWAY (0: never). */
  readonly idleTimeoutMs: number;
  /** Interval of the server's keepalive pings (0: none). */
  readonly keepaliveTimeMs: number;
  /** An unanswered keepalive ping drops the connection after this long. */
  readonly keepaliveTimeoutMs: number;
  /** Client pings on a connection without calls closer together than this are strikes (0: no limit). */
  readonly minPingIntervalMs: number;
  /** Time a reply may wait, unread, in the server; then its stream is reset (0: no limit). */
  readonly sendTimeoutMs: number;
}

/** Strikes a connection may collect before it is closed, as gRPC's own servers count them. */
export const MAX_PING_STRIKES = 2;
/** The GOAWAY debug data gRPC clients recognise (they then ping less often). */
const TOO_MANY_PINGS = Buffer.from('too_many_pings');
/** "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", which every HTTP/2 connection starts with (RFC 9113 §3.4). */
const HTTP2_PREFACE_BYTES = 24;
/** How often open responses are checked against the send timeout, at most. */
const MAX_SWEEP_MS = 1000;

/** grpc-js options for the limits it enforces itself. */
export function grpcLimitOptions(l: ConnectionLimits): ServerOptions {
  const options: ServerOptions = { 'grpc.max_concurrent_streams': l.maxConcurrentStreams };
  if (l.idleTimeoutMs > 0) options['grpc.max_connection_idle_ms'] = l.idleTimeoutMs;
  if (l.keepaliveTimeMs > 0) {
    options['grpc.keepalive_time_ms'] = l.keepaliveTimeMs;
    options['grpc.keepalive_timeout_ms'] = l.keepaliveTimeoutMs;
  }
  return options;
}

/**
 * The send timeout: a stream whose written bytes have waited for the client for sendTimeoutMs is
 * reset. Bytes wait in the stream's write buffer while the client's flow-control window is full; a
 * stream with nothing waiting (a call still being built, a health Watch between two statuses) is
 * never timed.
 */
class SendDeadlines {
  private readonly open = new Map<http2.ServerHttp2Stream, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly observer: LimitObserver | undefined,
  ) {}

  watch(stream: http2.ServerHttp2Stream): void {
    this.open.set(stream, -1);
    stream.once('close', () => this.open.delete(stream));
    this.timer ??= setInterval(() => this.sweep(), Math.min(MAX_SWEEP_MS, Math.max(10, this.timeoutMs / 4))).unref();
  }

  /** Notes when each stream began to have bytes waiting, and resets those that waited too long. */
  private sweep(): void {
    const now = performance.now();
    for (const [stream, since] of this.open) {
      if (stream.writableLength === 0) {
        if (since >= 0) this.open.set(stream, -1);
      } else if (since < 0) {
        this.open.set(stream, now);
      } else if (now - since >= this.timeoutMs) {
        this.open.delete(stream);
        this.observer?.limitHit('send_timeout');
        // RST_STREAM(CANCEL): the client sees CANCELLED, and the unsent bytes are dropped.
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }
    }
    if (this.open.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * The handshake timeout of one accepted socket. The raw socket is the one to close: destroying an
 * HTTP/2 session that never got the preface leaves its socket open. Its bytesRead counts what
 * HTTP/2 read from it.
 */
function policeHandshake(socket: net.Socket, timeoutMs: number, observer?: LimitObserver): void {
  const timer = setTimeout(() => {
    if (socket.bytesRead >= HTTP2_PREFACE_BYTES) return;
    observer?.limitHit('handshake_timeout');
    socket.destroy();
  }, timeoutMs).unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The ping policy of one connection, and the send timeout of its streams. */
function policeSession(session: http2.ServerHttp2Session, l: ConnectionLimits, deadlines: SendDeadlines | null, observer?: LimitObserver): void {
  let streams = 0;
  /** A call began or ended since the last ping (the server then sent headers, and maybe data). */
  let calls = false;
  session.on('stream', (stream) => {
    streams++;
    calls = true;
    deadlines?.watch(stream);
    stream.once('close', () => {
      streams--;
      calls = true;
    });
  });
  if (l.minPingIntervalMs > 0) {
    let lastPing = -Infinity;
    let strikes = 0;
    session.on('ping', () => {
      const now = performance.now();
      // Pings during calls are not policed: gRPC clients send them to size their flow-control
      // windows while a large reply arrives. Nor is the first ping after a call: C-core answers
      // the DATA of a reply with one, which arrives after the call has ended, so a client making
      // calls one after the other pings between them. As gRPC's own servers do, a call since the
      // last ping clears the strikes.
      if (calls) strikes = 0;
      else if (streams === 0 && now - lastPing < l.minPingIntervalMs) strikes++;
      calls = false;
      lastPing = now;
      if (strikes > MAX_PING_STRIKES) {
        observer?.limitHit('too_many_pings');
        session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 0, TOO_MANY_PINGS);
        session.destroy();
      }
    });
  }
}

/** What enforceConnectionLimits started, to stop it with the server. */
export interface EnforcedLimits {
  /** Open connections (HTTP/2 sessions) right now. */
  readonly connections: number;
  stop(): void;
}

/** Applies the limits that grpc-js has no option for to every HTTP/2 server of a bound `server`. */
export function enforceConnectionLimits(server: Server, l: ConnectionLimits, observer?: LimitObserver): EnforcedLimits {
  const deadlines = l.sendTimeoutMs > 0 ? new SendDeadlines(l.sendTimeoutMs, observer) : null;
  let connections = 0;
  for (const h2 of http2ServersOf(server)) {
    // net.Server closes the connections past maxConnections as it accepts them ('drop').
    h2.maxConnections = l.maxConnections;
    h2.on('drop', () => observer?.limitHit('max_connections'));
    if (l.handshakeTimeoutMs > 0) h2.on('connection', (socket: net.Socket) => policeHandshake(socket, l.handshakeTimeoutMs, observer));
    h2.on('session', (session: http2.ServerHttp2Session) => {
      connections++;
      session.once('close', () => connections--);
      policeSession(session, l, deadlines, observer);
    });
  }
  return {
    get connections() {
      return connections;
    },
    stop: () => deadlines?.stop(),
  };
}
