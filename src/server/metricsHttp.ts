// The Prometheus endpoint: an HTTP server of its own (not the gRPC port), GET and HEAD of /metrics
// only. HEAD answers with the headers alone and builds nothing; GET answers the latest exposition
// (metricsExposition.ts), gzip-compressed when the client accepts gzip. With --metrics-tls it
// speaks HTTPS with the gRPC port's certificate, and follows its rotations.

import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsExposition } from './metricsExposition.js';
import type { CheckedCertificateProvider } from './security/tlsProvider.js';

export const METRICS_PATH = '/metrics';
/** Open connections to the metrics port: Prometheus needs one per target; a flood gets no more. */
export const METRICS_MAX_CONNECTIONS = 64;
/** Seconds a metrics client gets to send its request headers. */
const HEADERS_TIMEOUT_MS = 10_000;

export interface MetricsServer {
  readonly address: string;
  readonly port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (header === undefined) return false;
  // "gzip", "gzip;q=0.8", but not "gzip;q=0".
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function answer(exposition: MetricsExposition, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path !== METRICS_PATH) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: metrics are at /metrics\n');
    return;
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'content-type': exposition.contentType, vary: 'Accept-Encoding' }).end();
    return;
  }
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  const gzip = acceptsGzip(req);
  exposition
    .latest()
    .then(async (e) => {
      const headers = { 'content-type': exposition.contentType, vary: 'Accept-Encoding' };
      if (gzip) {
        const body = await e.gzipped();
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': e.bytes });
      for (const chunk of e.chunks) res.write(chunk);
      res.end();
    })
    .catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics collection failed: ${String(err)}\n`);
    });
}

/**
 * Listens on host:port (0 = ephemeral) and resolves once bound; rejects if binding fails. With
 * `tls`, HTTPS with its certificate, renewed on each of its rotations.
 */
export function startMetricsServer(
  exposition: MetricsExposition,
  host: string,
  port: number,
  tls: CheckedCertificateProvider | null = null,
): Promise<MetricsServer> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => answer(exposition, req, res);
  let server;
  let stopRotations = (): void => undefined;
  if (tls === null) {
    server = createServer(handler);
  } else {
    const https = createHttpsServer({ cert: tls.current.certificate, key: tls.current.privateKey }, handler);
    const rotated = (update: { certificate: Buffer; privateKey: Buffer } | null): void => {
      if (update !== null) https.setSecureContext({ cert: update.certificate, key: update.privateKey });
    };
    tls.addIdentityCertificateListener(rotated);
    stopRotations = () => tls.removeIdentityCertificateListener(rotated);
    server = https;
  }
  server.maxConnections = METRICS_MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const failed = (err: Error): void => {
      stopRotations();
      reject(err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      const bound = server.address() as AddressInfo;
      resolve({
        address: bound.address,
        port: bound.port,
        close: () =>
          new Promise<void>((done) => {
            stopRotations();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
