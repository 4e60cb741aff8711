// A TLS or authorization file that cannot be used stops the built server at start, as a container
// starts it: exit code 2 and a message naming the flag (and its variable). Without the flags the
// start log says that everything is allowed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN } from '../deploy/serverHelp.js';
import type { TestPki } from '../support/testPki.js';
import { opensslCheck } from '../support/testPki.js';
import { makePki, startLoggedService, tempDir, type LoggedService } from './securityFixture.js';

const openssl = opensslCheck('TLS start checks');
const tmp = tempDir('flic-start-');
let pki: TestPki;
beforeAll(() => {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\``);
  if (openssl.run) {
    openssl.assertPresent();
    pki = makePki(tmp.dir);
  }
});
afterAll(() => tmp.cleanup());

const LOOPBACK = ['--host', '127.0.0.1', '--port', '0', '--metrics-host', '127.0.0.1', '--metrics-port', '0'];

function start(args: readonly string[], env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [SERVER_MAIN, ...LOOPBACK, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: run.status, stderr: run.stderr };
}

describe.skipIf(!openssl.run)('a file that cannot be used stops the start with exit code 2, naming its flag', () => {
  const file = (name: string, text: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['a missing certificate', () => ['--tls-cert', join(tmp.dir, 'nothing.crt'), '--tls-key', pki.server.keyFile], '--tls-cert (FLIC_TLS_CERT)', 'cannot read'],
    ['an unreadable key (a directory)', () => ['--tls-cert', pki.server.certFile, '--tls-key', tmp.dir], '--tls-key (FLIC_TLS_KEY)', 'EISDIR'],
    ['a key of another certificate', () => ['--tls-cert', pki.server.certFile, '--tls-key', pki.tenantA.keyFile], '--tls-key (FLIC_TLS_KEY)', 'does not match the certificate'],
    ['a certificate that is not PEM', () => ['--tls-cert', file('junk.crt', 'junk'), '--tls-key', pki.server.keyFile], '--tls-cert (FLIC_TLS_CERT)', 'not a PEM certificate'],
    ['a key that is not PEM', () => ['--tls-cert', pki.server.certFile, '--tls-key', file('junk.key', 'junk')], '--tls-key (FLIC_TLS_KEY)', 'not a PEM private key'],
    [
      'a client CA that is not PEM',
      () => ['--tls-cert', pki.server.certFile, '--tls-key', pki.server.keyFile, '--tls-client-ca', file('junk-ca.crt', 'junk')],
      '--tls-client-ca (FLIC_TLS_CLIENT_CA)',
      'not a PEM CA bundle',
    ],
    ['a missing client CA', () => ['--tls-cert', pki.server.certFile, '--tls-key', pki.server.keyFile, '--tls-client-ca', join(tmp.dir, 'no-ca')], '--tls-client-ca', 'cannot read'],
    ['a missing authorization file', () => ['--authz-file', join(tmp.dir, 'no-authz.yaml')], '--authz-file (FLIC_AUTHZ_FILE)', 'cannot read'],
    [
      'an authorization file with a misspelt key',
      () => ['--authz-file', file('typo.yaml', 'version: 1\nprincipals:\n  - name: a\n    identities: ["cn:a"]\n    vms: ["a/"]\n    readonly: true\n')],
      '--authz-file (FLIC_AUTHZ_FILE)',
      'principals[0]: unknown key "readonly"',
    ],
  ] as const)('%s', (_, args, flag, detail) => {
    const { status, stderr } = start(args());
    expect(status).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).toContain(detail);
  });

  it('names the variable when the value came from the environment', () => {
    const { status, stderr } = start([], { FLIC_TLS_CERT: join(tmp.dir, 'nothing.crt'), FLIC_TLS_KEY: pki.server.keyFile });
    expect(status).toBe(2);
    expect(stderr).toContain('FLIC_TLS_CERT');
  });

  it.each([
    [['--tls-cert', 'x.crt'], '--tls-cert (FLIC_TLS_CERT) and --tls-key (FLIC_TLS_KEY) go together'],
    [['--tls-client-ca', 'ca.crt'], '--tls-client-ca (FLIC_TLS_CLIENT_CA) needs --tls-cert'],
    [['--metrics-tls', 'true'], '--metrics-tls (FLIC_METRICS_TLS) needs --tls-cert'],
    [['--metrics-tls', 'yes'], "argument 'yes' is invalid"],
    [['--reload-interval', '0'], 'Expected a decimal number of seconds from 0.1 to 3600'],
  ])('refuses %j before reading anything', (args, message) => {
    const { status, stderr } = start(args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('without the flags', () => {
  let running: LoggedService | undefined;
  afterEach(async () => {
    await running?.service.stop();
    running = undefined;
  });

  it('says at start that the port is plaintext and that every call is allowed', async () => {
    running = await startLoggedService({});
    const warnings = running.logs.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toContain('no --tls-cert: the gRPC port speaks plaintext');
    expect(warnings).toContain('no --authz-file: every call is allowed, from anyone who reaches the gRPC port');
  });
});

describe.skipIf(!openssl.run)('a good start', () => {
  it('logs the certificate in use and that authorization is on', async () => {
    const dir = join(tmp.dir, 'good');
    mkdirSync(dir, { recursive: true });
    const authz = join(dir, 'authz.yaml');
    writeFileSync(authz, 'version: 1\nprincipals:\n  - name: ops\n    identities: ["cn:flic-admin"]\n    admin: true\n');
    const running = await startLoggedService({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile, authzFile: authz });
    try {
      expect(running.logs.find((l) => l.msg === 'tls on the gRPC port')).toMatchObject({ mutual: true, certificate: { subject: 'CN=flic-server' } });
      expect(running.logs.find((l) => l.msg === 'authorization on')).toMatchObject({ principals: 1, admins: ['ops'] });
    } finally {
      await running.service.stop();
    }
  });
});
