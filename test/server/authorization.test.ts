// Authorization on a real service with mutual TLS and real certificates: tenant A can neither
// read, change, delete nor list tenant B's VMs, by any RPC, typed or raw (every attribute group);
// a read-only grant refuses exactly the RPCs that change a VM; an admin reaches everything; a
// certificate that names no principal is refused. Every refusal is PERMISSION_DENIED with the
// ErrorInfo of a device error (EACCES, group = the RPC), and leaves B's VMs as they were.
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callUnary, vmMetadata } from '../../src/client/call.js';
import { tlsCredentials } from '../../src/client/clientSecurity.js';
import type { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/client/index.js';
import { KvmError } from '../../src/device/errno.js';
import type { FlicDefinition } from '../../src/gen/flic/v1/Flic.js';
import type { FlicMethodName } from '../../src/proto/flicMethods.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { ioIrq } from '../support/workload.js';
import { sampleRequests } from '../support/requestSamples.js';
import type { Credential, TestPki } from '../support/testPki.js';
import { opensslCheck } from '../support/testPki.js';
import { makePki, startLoggedService, tempDir, tlsClient, type LoggedService } from './securityFixture.js';

const openssl = opensslCheck('authorization tests');
const tmp = tempDir('flic-authz-');
let pki: TestPki;
let running: LoggedService;
const stubs: grpc.Client[] = [];
const clients: FlicClient[] = [];

const TOKEN_A = 'token-of-team-a';

export const AUTHZ_YAML = `# tenants, a viewer and an admin (docs/security.md)
version: 1
principals:
  - name: team-a
    identities: ["cn:harness-a", "sha256:${createHash('sha256').update(TOKEN_A).digest('hex')}"]
    vms: ["team-a/"]
  - name: team-b
    identities: ["dns:harness-b.team-b.svc"]
    vms: ["team-b/"]
  - name: viewer
    identities: ["cn:viewer"]
    vms: ["team-a/", "team-b/"]
    readOnly: true
  - name: ops
    identities: ["cn:flic-admin"]
    admin: true
`;

/**
 * The RPCs that change a VM (a read-only grant refuses them), stated here rather than read from the
 * server's table. The sample CreateDevice is a TEST create, which changes nothing; the sample
 * Deliver is not a dry run.
 */
const MUTATING: ReadonlySet<FlicMethodName> = new Set<FlicMethodName>([
  'CreateVm', 'DeleteVm', 'SetDeviceAttr', 'Enqueue', 'ClearIrqs', 'ApfEnable', 'ApfDisableWait',
  'AdapterRegister', 'AdapterModify', 'ClearIoIrq', 'Aism', 'AirqInject', 'SetAismAll', 'Deliver', 'Tpi', 'Tsch',
  'ReinjectIo', 'PvSclpIntercept', 'ImportVm',
]);

const B_VM = 'team-b/vm';
const A_VM = 'team-a/vm';

function stubFor(credential: Credential): grpc.Client {
  const { Flic } = loadFlicProto().flic.v1;
  const stub = new Flic(running.target, tlsCredentials({ ca: pki.ca, cert: credential.cert, key: credential.key }), {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
  });
  stubs.push(stub);
  return stub;
}

const rpc = (): FlicDefinition => loadFlicProto().flic.v1.Flic.service;

/** One call of `method` with `request`, as a client would make it; resolves to the error or null. */
async function call(stub: grpc.Client, method: FlicMethodName, request: object, header = true): Promise<KvmError | grpc.ServiceError | null> {
  const definition = rpc()[method];
  const vmId = (request as { vmId?: string }).vmId;
  try {
    await callUnary(stub, definition as never, request as never, vmId === undefined || !header ? new grpc.Metadata() : vmMetadata(vmId));
    return null;
  } catch (err) {
    return err as KvmError | grpc.ServiceError;
  }
}

/** What an admin sees of B's VM: every queue, adapter and counter. */
async function stateOfB(admin: FlicClient): Promise<string> {
  return JSON.stringify(await admin.vm(B_VM).inspect(), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function expectDenied(err: unknown, method: string): void {
  expect(err, method).toBeInstanceOf(KvmError);
  const e = err as KvmError;
  expect(e.errnoName, method).toBe('EACCES');
  expect(e.errno).toBe(13);
  expect(e.group, method).toBe(method);
  expect((e.cause as grpc.ServiceError).code).toBe(grpc.status.PERMISSION_DENIED);
}

let admin: FlicClient;

beforeAll(async () => {
  if (!openssl.run) return;
  openssl.assertPresent();
  pki = makePki(tmp.dir);
  const authz = join(tmp.dir, 'authz.yaml');
  writeFileSync(authz, AUTHZ_YAML);
  running = await startLoggedService({ tlsCert: pki.server.certFile, tlsKey: pki.server.keyFile, tlsClientCa: pki.caFile, authzFile: authz });
  admin = tlsClient(pki, running.target, pki.admin);
  clients.push(admin);
  for (const id of [A_VM, B_VM]) {
    await admin.createVm(id, { ais: true, protected: true });
    await admin.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
    await admin.vm(id).adapterRegister({ id: 3, isc: 2, maskable: true, swap: false, flags: 0 });
    await admin.vm(id).enqueue([ioIrq(1), ioIrq(2)]);
  }
});

afterAll(async () => {
  for (const s of stubs) s.close();
  for (const c of clients) c.close();
  await running?.service.stop();
  tmp.cleanup();
});

describe.skipIf(!openssl.run)('mutual TLS with --authz-file', () => {
  it("tenant A is refused every RPC on tenant B's VM, and B's VM is unchanged", async () => {
    const a = stubFor(pki.tenantA);
    const before = await stateOfB(admin);
    const samples = sampleRequests(B_VM);
    for (const method of Object.keys(samples) as FlicMethodName[]) {
      if (method === 'ListVms') continue;
      expectDenied(await call(a, method, samples[method]), method);
    }
    expect(await stateOfB(admin)).toBe(before);
    expect((await admin.listVms()).sort()).toEqual([A_VM, B_VM]);
  });

  it("tenant A is refused the raw attribute RPCs of every group on B's VM", async () => {
    const a = stubFor(pki.tenantA);
    const before = await stateOfB(admin);
    for (const method of ['SetDeviceAttr', 'GetDeviceAttr', 'HasDeviceAttr'] as const) {
      for (let group = 1; group <= 11; group++) {
        const request = { vmId: B_VM, flags: 0, group, attr: 72, data: new Uint8Array(72), badAddr: false };
        expectDenied(await call(a, method, request), method);
      }
    }
    expect(await stateOfB(admin)).toBe(before);
  });

  it("the same RPCs pass authorization for B on its own VM (their outcome is the device's)", async () => {
    const b = stubFor(pki.tenantB);
    const samples = sampleRequests('team-b/own');
    const order: FlicMethodName[] = [...(Object.keys(samples) as FlicMethodName[]).filter((m) => m !== 'DeleteVm'), 'DeleteVm'];
    for (const method of order) {
      const err = await call(b, method, samples[method]);
      const code = err === null ? grpc.status.OK : ((err as KvmError).cause as grpc.ServiceError | undefined)?.code ?? (err as grpc.ServiceError).code;
      expect([grpc.status.PERMISSION_DENIED, grpc.status.UNAUTHENTICATED], `${method}: ${String(err)}`).not.toContain(code);
    }
    // The sample DeleteVm names a state the VM does not have (ESTALE): the plain one deletes it.
    expect(await call(b, 'DeleteVm', { vmId: 'team-b/own' })).toBeNull();
  });

  it('ListVms shows each caller only the VMs it may reach', async () => {
    const list = async (c: Credential): Promise<string[]> => {
      const client = tlsClient(pki, running.target, c);
      clients.push(client);
      return (await client.listVms()).sort();
    };
    expect(await list(pki.tenantA)).toEqual([A_VM]);
    expect(await list(pki.tenantB)).toEqual([B_VM]);
    expect(await list(pki.viewer)).toEqual([A_VM, B_VM]);
    expect(await list(pki.admin)).toEqual([A_VM, B_VM]);
  });

  it('a read-only grant refuses exactly the RPCs that change a VM', async () => {
    const viewer = stubFor(pki.viewer);
    const before = await stateOfB(admin);
    const samples = sampleRequests(B_VM);
    for (const method of Object.keys(samples) as FlicMethodName[]) {
      const err = await call(viewer, method, samples[method]);
      if (MUTATING.has(method)) {
        expectDenied(err, method);
        expect((err as KvmError).detail).toContain('read-only');
      } else {
        expect(err === null || !(err instanceof KvmError) || err.errnoName !== 'EACCES', `${method}: ${String(err)}`).toBe(true);
      }
    }
    // Both forms of the RPCs that change a VM only sometimes: Deliver (dry run or not), CreateDevice (TEST or not).
    const dry = { ...(samples.Deliver as object), dryRun: true };
    expect(await call(viewer, 'Deliver', dry)).toBeNull();
    expect(await call(viewer, 'CreateDevice', { vmId: B_VM, type: KVM_DEV_TYPE_FLIC, flags: 1 })).toBeNull();
    expectDenied(await call(viewer, 'CreateDevice', { vmId: 'team-b/new', type: KVM_DEV_TYPE_FLIC, flags: 0 }), 'CreateDevice');
    expect(await stateOfB(admin)).toBe(before);
  });

  it('a certificate of the CA that names no principal is refused with PERMISSION_DENIED', async () => {
    const stranger = tlsClient(pki, running.target, pki.stranger);
    clients.push(stranger);
    const err = await stranger.listVms().catch((e: unknown) => e);
    expectDenied(err, 'ListVms');
    expect((err as KvmError).detail).toContain('cn:stranger');
  });

  it("a token is the call's identity even with a certificate (a proxy forwards its clients' tokens); a bad one is UNAUTHENTICATED", async () => {
    const bWithA = tlsClient(pki, running.target, pki.tenantB, TOKEN_A);
    const bWithBad = tlsClient(pki, running.target, pki.tenantB, 'not-a-token');
    clients.push(bWithA, bWithBad);
    expect(await bWithA.listVms()).toEqual([A_VM]);
    expect(((await bWithBad.listVms().catch((e: unknown) => e)) as grpc.ServiceError).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('an admin reaches every VM', async () => {
    const ops = stubFor(pki.admin);
    expect(await call(ops, 'Inspect', { vmId: B_VM })).toBeNull();
    expect(await call(ops, 'Inspect', { vmId: A_VM })).toBeNull();
    expect(await call(ops, 'ClearIoIrq', { vmId: B_VM, subchannelId: 1, subchannelNr: 1 })).toBeNull();
  });

  it("normalisation tricks never reach B's VMs, nor make a VM that a path-reading tool would take for B's", async () => {
    // Without the flic-vm-id header: gRPC metadata cannot carry some of these ids.
    const a = stubFor(pki.tenantA);
    const before = await stateOfB(admin);
    const tricks = [
      'TEAM-B/vm', // case
      'Team-a/vm', // case of its own prefix: no grant either
      't\u0435am-b/vm', // Cyrillic e
      'team\u2010b/vm', // Unicode hyphen
      '\uff54eam-b/vm', // fullwidth t
      'team-a/../team-b/vm', // dot segments
      'team-a/./x',
      'team-a/..',
      'team-a//team-b/vm', // empty segments
      '/team-b/vm',
      'team-b//vm',
      'team-a\\..\\team-b\\vm', // backslashes
      'team-a/%2e%2e/team-b/vm', // percent-encoded
      'team-a/%252E%252E/team-b/vm',
      'team-a%2f..%2fteam-b%2fvm',
      '',
    ];
    for (const id of tricks) {
      for (const method of ['CreateVm', 'Inspect', 'DeleteVm'] as const) {
        const err = await call(a, method, { vmId: id }, false);
        expect(err, JSON.stringify(id)).toBeInstanceOf(KvmError);
        expect(['EACCES', 'EINVAL'], JSON.stringify(id)).toContain((err as KvmError).errnoName);
      }
    }
    // Past its own prefix an id is the device's to judge: printable ASCII only.
    for (const id of ['team-a/t\u0435st', 'team-a/vm\u0000', 'team-a/a b']) {
      const err = await call(a, 'CreateVm', { vmId: id }, false);
      expect((err as KvmError).errnoName, JSON.stringify(id)).toBe('EINVAL');
    }
    expect((await admin.listVms()).sort()).toEqual([A_VM, B_VM]);
    expect(await stateOfB(admin)).toBe(before);
  });

  it('counts the refusals by reason', async () => {
    const text = await running.service.registry.metrics();
    expect(text).toMatch(/flic_grpc_requests_refused_total\{[^}]*grpc_method="Enqueue"[^}]*reason="permission_denied"\} [1-9]/);
  });
});
