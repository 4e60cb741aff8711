// TLS and mutual TLS on a real service with real certificates (openssl, made per run): what
// connects and what does not, rotation of the server's files without a restart (a half-written
// rotation keeps the files in use), the plaintext health-only port, and /metrics over HTTPS.
import * as grpc from '@grpc/grpc-js';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { service as healthService } from 'grpc-health-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import type { Credential, TestPki } from '../support/testPki.js';
import { certificatesForFile, eventually, servicePerTest, tlsClient, writeAtomically, type LoggedService } from './securityFixture.js';

const files = certificatesForFile('TLS tests', 'flic-tls-');
const services = servicePerTest();
const keep = services.keep;
let pki: TestPki;
let running: LoggedService;
beforeAll(() => {
  if (files.run) pki = files.pki();
});

/** Copies of the server's certificate and key in a directory of their own, to replace them there. */
function serverFilesIn(name: string): { readonly cert: string; readonly key: string } {
  const dir = join(files.dir, name);
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  copyFileSync(pki.server.certFile, cert);
  copyFileSync(pki.server.keyFile, key);
  return { cert, key };
}

/** The subject CN of the certificate a new TLS connection to `port` is served. */
function servedCn(port: number, client?: Credential): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: pki.ca,
      ALPNProtocols: ['h2'],
      ...(client === undefined ? {} : { cert: client.cert, key: client.key }),
    });
    socket.once('secureConnect', () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.destroy();
      resolve(Array.isArray(cn) ? cn.join(',') : String(cn));
    });
    socket.once('error', reject);
  });
}

async function code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return grpc.status.OK;
  } catch (err) {
    return (err as { code?: number; cause?: { code?: number } }).code ?? -1;
  }
}

describe.skipIf(!files.run)('TLS', () => {
  it('speaks TLS only: a TLS client is served, a plaintext client is not', async () => {
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile });
    const secure = keep(tlsClient(pki, running.target));
    await secure.createVm('tls-1');
    expect(await secure.listVms()).toEqual(['tls-1']);
    const plain = keep(new FlicClient(running.target));
    expect(await code(plain.listVms())).toBe(grpc.status.UNAVAILABLE);
    expect(running.logs.find((l) => l.msg === 'tls on the gRPC port')).toMatchObject({ mutual: false });
  });

  it('a client that does not trust the CA does not connect', async () => {
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile });
    const other = keep(new FlicClient(running.target, { tls: { ca: pki.unknownCa.cert, serverName: 'localhost' } }));
    expect(await code(other.listVms())).toBe(grpc.status.UNAVAILABLE);
  });

  it('mutual TLS: a client certificate of the CA connects; none, an expired one or another CA\'s does not', async () => {
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile });
    const a = keep(tlsClient(pki, running.target, pki.tenantA));
    await a.createVm('mtls-1');
    expect(await a.listVms()).toEqual(['mtls-1']);
    for (const cred of [undefined, pki.expired, pki.unknownCa]) {
      const c = keep(tlsClient(pki, running.target, cred));
      expect(await code(c.listVms()), cred?.certFile ?? 'no certificate').toBe(grpc.status.UNAVAILABLE);
    }
    expect(running.service.vms.listVms()).toEqual(['mtls-1']);
  });

  it('rotation: replaced files serve the next connection, without a restart; a half-written one changes nothing', async () => {
    const { cert, key } = serverFilesIn('rotation');
    running = await services.start({ tlsCert: cert, tlsKey: key, tlsClientCa: pki.caFile });
    const port = running.service.grpcPort;
    const before = keep(tlsClient(pki, running.target, pki.tenantA));
    await before.createVm('rot-1');
    expect(await servedCn(port, pki.tenantA)).toBe('flic-server');

    // Half-written: the new certificate beside the old key. Connections keep being served the old pair.
    writeAtomically(cert, pki.serverRotated.cert);
    await eventually(() => running.logs.some((l) => l.level === 'error' && String(l.msg).includes('the new key is not used')));
    expect(await servedCn(port, pki.tenantA)).toBe('flic-server');

    writeAtomically(key, pki.serverRotated.key);
    await eventually(async () => (await servedCn(port, pki.tenantA)) === 'flic-server-rotated');
    expect(running.logs.some((l) => l.msg === 'tls certificate loaded')).toBe(true);
    // The same process, with its VMs; the old connection still works, and a new client does too.
    expect(await before.listVms()).toEqual(['rot-1']);
    const after = keep(tlsClient(pki, running.target, pki.tenantA));
    expect(await after.listVms()).toEqual(['rot-1']);
  });

  it('a missing file after start keeps the files in use and logs it once', async () => {
    const { cert, key } = serverFilesIn('vanish');
    running = await services.start({ tlsCert: cert, tlsKey: key });
    rmSync(key);
    await eventually(() => running.logs.some((l) => l.level === 'error' && String(l.msg).includes('cannot read --tls-cert or --tls-key')));
    expect(await servedCn(running.service.grpcPort)).toBe('flic-server');
    await new Promise((r) => setTimeout(r, 300));
    expect(running.logs.filter((l) => String(l.msg).includes('cannot read')).length).toBe(1);
    const c = keep(tlsClient(pki, running.target));
    expect(await c.listVms()).toEqual([]);
  });

  it('rotation of the client CA: certificates of the new CA connect, those of the old one no longer do', async () => {
    const dir = join(files.dir, 'ca-rotation');
    mkdirSync(dir, { recursive: true });
    const ca = join(dir, 'ca.crt');
    copyFileSync(pki.caFile, ca);
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: ca });
    expect(await code(keep(tlsClient(pki, running.target, pki.tenantA)).listVms())).toBe(grpc.status.OK);
    expect(await code(keep(tlsClient(pki, running.target, pki.unknownCa)).listVms())).toBe(grpc.status.UNAVAILABLE);
    writeAtomically(ca, readFileSync(pki.otherCaFile));
    await eventually(() => running.logs.some((l) => l.msg === 'tls client CA loaded'));
    expect(await code(keep(tlsClient(pki, running.target, pki.unknownCa)).listVms())).toBe(grpc.status.OK);
    expect(await code(keep(tlsClient(pki, running.target, pki.tenantA)).listVms())).toBe(grpc.status.UNAVAILABLE);
  });

  it('--health-port answers grpc.health.v1 in plaintext, and nothing else', async () => {
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile, healthPort: 0 });
    const port = running.service.healthPort;
    expect(port).toBeGreaterThan(0);
    expect(running.logs.find((l) => l.msg === 'flic listening')).toMatchObject({ healthPort: port });
    const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
    const health = keep(new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    const status = await new Promise<unknown>((resolve, reject) =>
      (health as unknown as { check(r: object, cb: (e: Error | null, r?: unknown) => void): void }).check({ service: 'flic.v1.Flic' }, (e, r) =>
        e === null ? resolve(r) : reject(e),
      ),
    );
    expect(status).toEqual({ status: 'SERVING' });
    const flicOnHealthPort = keep(new FlicClient(`127.0.0.1:${port}`));
    expect(await code(flicOnHealthPort.listVms())).toBe(grpc.status.UNIMPLEMENTED);
  });

  it('--metrics-tls serves /metrics over HTTPS with the gRPC port\'s certificate, and not over HTTP', async () => {
    running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, metricsTls: true });
    const port = running.service.metricsPort;
    const body = await new Promise<string>((resolve, reject) => {
      httpsGet({ host: '127.0.0.1', port, path: '/metrics', ca: pki.ca, servername: 'localhost' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toContain('flic_vms ');
    const plain = await new Promise<string>((resolve) => {
      httpGet({ host: '127.0.0.1', port, path: '/metrics' }, (res) => resolve(String(res.statusCode))).on('error', (e) => resolve(e.message));
    });
    expect(plain).not.toBe('200');
  });
});
