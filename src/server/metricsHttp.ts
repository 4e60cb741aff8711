// The Prometheus endpoint: an HTTP server of its own (not the gRPC port), GET /metrics only. With
// --metrics-tls it speaks HTTPS with the gRPC port's certificate, and follows its rotations.

import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { CheckedCertificateProvider } from './security/tlsProvider.js';

export const METRICS_PATH = '/metrics';

export interface MetricsServer {
  readonly address: string;
  readonly port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

function answer(registry: Registry, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path !== METRICS_PATH) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: metrics are at /metrics\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
    (err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics collection failed: ${String(err)}\n`);
    },
  );
}

/**
 * Listens on host:port (0 = ephemeral) and resolves once bound; rejects if binding fails. With
 * `tls`, HTTPS with its certificate, renewed on each of its rotations.
 */
export function startMetricsServer(
  registry: Registry,
  host: string,
  port: number,
  tls: CheckedCertificateProvider | null = null,
): Promise<MetricsServer> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => answer(registry, req, res);
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
