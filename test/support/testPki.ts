// Real certificates made at test time with openssl (Debian's `openssl`): a CA, server certificates
// for 127.0.0.1 and localhost, client certificates of two tenants, a read-only viewer and an admin,
// one that expired in 2020, and one from a CA the server does not know. EC P-256 keys: quick to
// make. Shared by the server tests, the Python and Go client tests' fixtures and the bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandCheck, type ToolCheck } from './systemTool.js';

export function opensslCheck(testName: string): ToolCheck {
  return commandCheck(testName, 'openssl', ['version'], 'Debian: openssl');
}

/** A certificate and its key, as files and as bytes. */
export interface Credential {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface TestPki {
  readonly dir: string;
  readonly caFile: string;
  readonly ca: Buffer;
  /** The CA the servers do not know (it signed unknownCa). */
  readonly otherCaFile: string;
  /** CN flic-server, SANs DNS:localhost and IP:127.0.0.1. */
  readonly server: Credential;
  /** Another server certificate from the same CA (CN flic-server-rotated), for rotation. */
  readonly serverRotated: Credential;
  /** CN harness-a, SAN URI spiffe://farm/team-a. */
  readonly tenantA: Credential;
  /** CN harness-b, SAN DNS harness-b.team-b.svc. */
  readonly tenantB: Credential;
  readonly viewer: Credential;
  readonly admin: Credential;
  /** CN harness-a as well, valid from 2020-01-01 to 2020-01-02. */
  readonly expired: Credential;
  /** CN harness-a, signed by another CA. */
  readonly unknownCa: Credential;
  /** A certificate whose CN names no principal (CN stranger). */
  readonly stranger: Credential;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
dir = .
database = db/index.txt
new_certs_dir = db
serial = db/serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', [...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyArgs(): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
}

function selfSignedCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', ...keyArgs(), '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`, '-days', '3650']);
}

/** A certificate signed by `caName`, with its SANs, for `usage` (serverAuth or clientAuth). */
function issue(dir: string, caName: string, name: string, cn: string, sans: string, usage: string, dates?: readonly [string, string]): Credential {
  const ext = [`extendedKeyUsage=${usage}`, ...(sans === '' ? [] : [`subjectAltName=${sans}`])];
  openssl(dir, ['req', ...keyArgs(), '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`, ...ext.flatMap((e) => ['-addext', e])]);
  const validity = dates === undefined ? ['-days', '365'] : ['-startdate', dates[0], '-enddate', dates[1]];
  openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', `${caName}.crt`, '-keyfile', `${caName}.key`, '-in', `${name}.csr`, '-out', `${name}.crt`, ...validity]);
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/** Makes every certificate in `dir` (created); about a second. */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(join(dir, 'db'), { recursive: true });
  writeFileSync(join(dir, 'db', 'index.txt'), '');
  writeFileSync(join(dir, 'db', 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  selfSignedCa(dir, 'ca');
  selfSignedCa(dir, 'other-ca');
  const server = 'serverAuth';
  const client = 'clientAuth';
  const local = 'DNS:localhost,IP:127.0.0.1';
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    ca: readFileSync(join(dir, 'ca.crt')),
    otherCaFile: join(dir, 'other-ca.crt'),
    server: issue(dir, 'ca', 'server', 'flic-server', local, server),
    serverRotated: issue(dir, 'ca', 'server-rotated', 'flic-server-rotated', local, server),
    tenantA: issue(dir, 'ca', 'tenant-a', 'harness-a', 'URI:spiffe://farm/team-a', client),
    tenantB: issue(dir, 'ca', 'tenant-b', 'harness-b', 'DNS:harness-b.team-b.svc', client),
    viewer: issue(dir, 'ca', 'viewer', 'viewer', '', client),
    admin: issue(dir, 'ca', 'admin', 'flic-admin', '', client),
    expired: issue(dir, 'ca', 'expired', 'harness-a', '', client, ['20200101000000Z', '20200102000000Z']),
    unknownCa: issue(dir, 'other-ca', 'unknown-ca', 'harness-a', '', client),
    stranger: issue(dir, 'ca', 'stranger', 'stranger', '', client),
  };
}
