// flicctl against a server with mutual TLS and an authorization file, as a user runs it (the built
// executable in its own process): a CA, a client certificate and key, the name to verify, a token
// from a file or FLIC_TOKEN; missing files and a certificate without its key are usage errors.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../support/testPki.js';
import { opensslCheck } from '../support/testPki.js';
import { makePki, startLoggedService, tempDir, type LoggedService } from '../server/securityFixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(root, 'dist', 'src', 'client', 'flicctl.js');
const openssl = opensslCheck('flicctl TLS tests');
const tmp = tempDir('flicctl-tls-');
let pki: TestPki;
let mtls: LoggedService;
let tokens: LoggedService;
let mtlsSecond: LoggedService;
const TOKEN = 'flicctl-token';

function flicctl(args: readonly string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FLIC_')));
    execFile(process.execPath, [BIN, ...args], { env: { ...base, ...env } }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      if (status === -1) reject(err ?? new Error('no status'));
      else resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (!openssl.run) return;
  openssl.assertPresent();
  pki = makePki(tmp.dir);
  const authz = path.join(tmp.dir, 'authz.yaml');
  writeFileSync(
    authz,
    `version: 1
principals:
  - name: team-a
    identities: ["cn:harness-a", "sha256:${createHash('sha256').update(TOKEN).digest('hex')}"]
    vms: ["team-a/"]
`,
  );
  mtls = await startLoggedService({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile, authzFile: authz });
  tokens = await startLoggedService({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, authzFile: authz });
  mtlsSecond = await startLoggedService({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile, authzFile: authz });
  writeFileSync(path.join(tmp.dir, 'token'), `${TOKEN}\n`);
});

afterAll(async () => {
  await mtls?.service.stop();
  await tokens?.service.stop();
  await mtlsSecond?.service.stop();
  tmp.cleanup();
});

describe.skipIf(!openssl.run)('flicctl with TLS', () => {
  it('presents a client certificate with --ca, --cert, --key and --server-name', async () => {
    const tls = ['--addr', mtls.target, '--ca', pki.caFile, '--cert', pki.tenantA.certFile, '--key', pki.tenantA.keyFile, '--server-name', 'localhost', '--json'];
    expect(await flicctl([...tls, 'create-vm', 'team-a/cli'])).toMatchObject({ status: 0 });
    const listed = await flicctl([...tls, 'list-vms']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ vmIds: ['team-a/cli'] });
    const denied = await flicctl([...tls, 'create-vm', 'team-b/cli']);
    expect(denied.status).toBe(1);
    expect(JSON.parse(denied.stderr)).toMatchObject({ error: { errnoName: 'EACCES', group: 'CreateVm' } });
  });

  it('rebalances between replicas with the same certificate (every replica gets the TLS options)', async () => {
    const tls = ['--ca', pki.caFile, '--cert', pki.tenantA.certFile, '--key', pki.tenantA.keyFile, '--server-name', 'localhost', '--json'];
    const ids = Array.from({ length: 12 }, (_, i) => `team-a/move-${i}`);
    for (const id of ids) expect(await flicctl(['--addr', mtls.target, ...tls, 'create-vm', id])).toMatchObject({ status: 0 });
    const from = `flic-0=${mtls.target}`;
    const to = `flic-0=${mtls.target},flic-1=${mtlsSecond.target}`;
    // Without the certificate no replica answers: nothing moves and the command says so.
    const plain = await flicctl(['--json', 'rebalance', '--from', from, '--to', to]);
    expect(plain.status).not.toBe(0);
    const moved = await flicctl([...tls, 'rebalance', '--from', from, '--to', to]);
    expect(moved.status, moved.stderr).toBe(0);
    const summary = JSON.parse(moved.stdout) as { moved: number; failed: unknown[] };
    expect(summary.failed).toEqual([]);
    expect(summary.moved).toBeGreaterThan(0);
    const listed = await flicctl(['--addr', mtlsSecond.target, ...tls, 'list-vms']);
    expect((JSON.parse(listed.stdout) as { vmIds: string[] }).vmIds.length).toBe(summary.moved);
  });

  it('reads the same from the environment', async () => {
    const env = { FLIC_ADDR: mtls.target, FLIC_CA: pki.caFile, FLIC_CLIENT_CERT: pki.tenantA.certFile, FLIC_CLIENT_KEY: pki.tenantA.keyFile, FLIC_SERVER_NAME: 'localhost' };
    expect((await flicctl(['--json', 'list-vms'], env)).status).toBe(0);
  });

  it('sends a bearer token from --token-file or FLIC_TOKEN', async () => {
    const base = ['--addr', tokens.target, '--ca', pki.caFile, '--server-name', 'localhost', '--json'];
    expect((await flicctl([...base, '--token-file', path.join(tmp.dir, 'token'), 'create-vm', 'team-a/tok'])).status).toBe(0);
    const listed = await flicctl([...base, 'list-vms'], { FLIC_TOKEN: TOKEN });
    expect(JSON.parse(listed.stdout)).toMatchObject({ vmIds: ['team-a/tok'] });
    const none = await flicctl([...base, 'list-vms']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('UNAUTHENTICATED');
  });

  it('refuses missing files and a certificate without its key before sending anything (exit 2)', async () => {
    for (const [args, message] of [
      [['--ca', path.join(tmp.dir, 'nothing')], "option '--ca <file>' argument"],
      [['--token-file', path.join(tmp.dir, 'nothing')], 'cannot read'],
      [['--cert', pki.tenantA.certFile], '--cert and --key go together'],
    ] as const) {
      const r = await flicctl(['--addr', '127.0.0.1:1', ...args, 'list-vms']);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
