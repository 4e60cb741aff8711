// Bearer tokens as identities over TLS without client certificates, on a real service: a token of
// the file works, a bad, malformed or missing one is UNAUTHENTICATED; health and reflection stay
// open unless the file says otherwise; the file is reloaded while the server runs, and an invalid
// version keeps the rules in force.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { service as healthService } from 'grpc-health-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { callUnary } from '../../src/client/call.js';
import { tlsCredentials } from '../../src/client/clientSecurity.js';
import type { FlicClient } from '../../src/client/flicClient.js';
import { KvmError } from '../../src/device/errno.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import type { TestPki } from '../support/testPki.js';
import { certificatesForFile, eventually, servicePerTest, tlsClient, writeAtomically } from './securityFixture.js';

const files = certificatesForFile('token authorization tests', 'flic-tokens-');
const services = servicePerTest();
let pki: TestPki;
const TOKEN_A = randomBytes(24).toString('base64url');
const TOKEN_B = randomBytes(24).toString('base64url');
const sha = (t: string): string => createHash('sha256').update(t).digest('hex');

function authzYaml(extra = '', aPrefixes = '["team-a/"]'): string {
  return `version: 1
${extra}principals:
  - name: team-a
    identities: ["sha256:${sha(TOKEN_A)}"]
    vms: ${aPrefixes}
  - name: team-b
    identities: ["sha256:${sha(TOKEN_B).toUpperCase()}"]
    vms: ["team-b/"]
`;
}

beforeAll(() => {
  if (files.run) pki = files.pki();
});


async function start(yaml: string): Promise<{ file: string; target: string }> {
  const file = join(files.dir, `authz-${randomBytes(4).toString('hex')}.yaml`);
  writeFileSync(file, yaml);
  const running = await services.start({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, authzFile: file });
  return { file, target: running.target };
}

function client(token?: string): FlicClient {
  const c = tlsClient(pki, services.current.target, undefined, token);
  services.keep(c);
  return c;
}

/** ListVms with exactly these request headers; resolves to the status code. */
async function listWithHeaders(headers: ReadonlyArray<readonly [string, string]>): Promise<{ code: number; message: string }> {
  const { Flic } = loadFlicProto().flic.v1;
  const stub = new Flic(services.current.target, tlsCredentials({ ca: pki.ca }), { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
  services.keep(stub);
  const md = new grpc.Metadata();
  for (const [k, v] of headers) md.add(k, v);
  try {
    await callUnary(stub, Flic.service.ListVms as never, {} as never, md);
    return { code: grpc.status.OK, message: '' };
  } catch (err) {
    const e = (err instanceof KvmError ? err.cause : err) as grpc.ServiceError;
    return { code: e.code, message: e.details };
  }
}

function healthCheck(target: string, token?: string): Promise<number> {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  const c = new Health(target, tlsCredentials({ ca: pki.ca }), { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
  services.keep(c);
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) =>
    (c as unknown as { check(r: object, m: grpc.Metadata, cb: (e: grpc.ServiceError | null) => void): void }).check({ service: '' }, md, (e) =>
      resolve(e === null ? grpc.status.OK : e.code),
    ),
  );
}

function reflectionList(target: string): Promise<number> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const def = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [dir] });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } } };
  const c = new pkg.grpc.reflection.v1.ServerReflection(target, tlsCredentials({ ca: pki.ca }), { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
  services.keep(c);
  return new Promise((resolve) => {
    const stream = (c as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<object, object> }).serverReflectionInfo();
    stream.on('data', () => {
      stream.end();
    });
    stream.on('error', (e: grpc.ServiceError) => resolve(e.code));
    stream.on('status', (s: grpc.StatusObject) => resolve(s.code));
    stream.write({ listServices: '' });
  });
}

describe.skipIf(!files.run)('bearer tokens over TLS', () => {
  it("a token of the file is its principal's identity, without a client certificate", async () => {
    await start(authzYaml());
    const a = client(TOKEN_A);
    const b = client(TOKEN_B);
    await a.createVm('team-a/1');
    await b.createVm('team-b/1');
    expect(await a.listVms()).toEqual(['team-a/1']);
    expect(await b.listVms()).toEqual(['team-b/1']);
    const err = await a.vm('team-b/1').inspect().catch((e: unknown) => e);
    expect(err).toMatchObject({ errnoName: 'EACCES', group: 'Inspect' });
  });

  it('a bad, malformed or missing token is UNAUTHENTICATED, and nothing is done', async () => {
    await start(authzYaml());
    for (const headers of [
      [['authorization', `Bearer ${TOKEN_A}x`]],
      [['authorization', `Bearer ${sha(TOKEN_A)}`]], // the hash is not the token
      [['authorization', `Basic ${TOKEN_A}`]],
      [['authorization', 'Bearer']],
      [['authorization', `Bearer ${TOKEN_A} trailing`]],
      [],
    ] as const) {
      const { code, message } = await listWithHeaders(headers);
      expect(code, `${JSON.stringify(headers)}: ${message}`).toBe(grpc.status.UNAUTHENTICATED);
    }
    expect((await listWithHeaders([['authorization', `bearer ${TOKEN_A}`]])).code).toBe(grpc.status.OK);
    const none = client();
    const err = (await none.createVm('team-a/x').catch((e: unknown) => e)) as grpc.ServiceError;
    expect(err.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(services.current.service.vms.listVms()).toEqual([]);
  });

  it('health and reflection need no identity by default', async () => {
    const { target } = await start(authzYaml());
    expect(await healthCheck(target)).toBe(grpc.status.OK);
    expect(await reflectionList(target)).toBe(grpc.status.OK);
  });

  it('with "unauthenticated: []" health and reflection need an identity too', async () => {
    const { target } = await start(authzYaml('unauthenticated: []\n'));
    expect(await healthCheck(target)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await healthCheck(target, 'nope')).toBe(grpc.status.UNAUTHENTICATED);
    expect(await healthCheck(target, TOKEN_B)).toBe(grpc.status.OK);
    expect(await reflectionList(target)).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('reloads the file while it runs; an invalid version is logged and the rules in force stay', async () => {
    const { file } = await start(authzYaml());
    const a = client(TOKEN_A);
    const b = client(TOKEN_B);
    await b.createVm('team-b/shared');
    expect(await a.vm('team-b/shared').inspect().catch((e: unknown) => (e as KvmError).errnoName)).toBe('EACCES');

    writeAtomically(file, authzYaml('', '["team-a/", "team-b/shared"]'));
    await eventually(() => services.current.logs.some((l) => l.msg === 'authz file reloaded'));
    await a.vm('team-b/shared').createDevice(6);
    expect(await a.listVms()).toEqual(['team-b/shared']);

    writeAtomically(file, authzYaml().replace('vms: ["team-b/"]', 'vms: ["team-b/../"]'));
    await eventually(() => services.current.logs.some((l) => l.msg === 'authz file invalid; the rules in force stay'));
    const invalid = services.current.logs.find((l) => l.msg === 'authz file invalid; the rules in force stay');
    expect(String(invalid?.error)).toContain('principals[1].vms[0]');
    expect(await a.listVms()).toEqual(['team-b/shared']);

    writeAtomically(file, authzYaml().replace(/  - name: team-a[\s\S]*?(?=  - name: team-b)/, ''));
    await eventually(() => services.current.logs.filter((l) => l.msg === 'authz file reloaded').length === 2);
    expect(((await a.listVms().catch((e: unknown) => e)) as grpc.ServiceError).code).toBe(grpc.status.UNAUTHENTICATED);
    expect(await b.listVms()).toEqual(['team-b/shared']);
  });
});
