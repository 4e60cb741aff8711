// CreateVm, DeleteVm, ListVms and CreateDevice through the real server and client.

import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { KVM_CREATE_DEVICE_TEST, KVM_DEV_TYPE_FLIC, KvmError } from '../../src/client/index.js';
import { startTestServer, type TestServer } from './fixture.js';
import { serviceErrorOf, trailerErrno } from './rpcStatus.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(maxVms?: number): Promise<TestServer> {
  running = await startTestServer(maxVms === undefined ? {} : { maxVms });
  return running;
}

async function failure(p: Promise<unknown>): Promise<{ errno: string; code: grpc.status; err: KvmError }> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KvmError);
  return { errno: trailerErrno(err), code: serviceErrorOf(err).code, err: err as KvmError };
}

describe('VM lifecycle', () => {
  it('creates, lists and deletes VMs', async () => {
    const { client } = await start();
    await client.createVm('vm-a');
    await client.createVm('vm-b', { ais: true, gisa: true, maxVcpus: 8 });
    expect((await client.listVms()).sort()).toEqual(['vm-a', 'vm-b']);
    await client.deleteVm('vm-a');
    expect(await client.listVms()).toEqual(['vm-b']);
  });

  it('sends the configuration the VM is created with', async () => {
    const { client } = await start();
    await client.createVm('cfg', {
      ais: true,
      ucontrol: true,
      protected: true,
      maxVcpus: 3,
      adapterMapMode: 'tracked',
      guestMemory: [{ start: 0x1000n, size: 0x2000n }],
    });
    await client.vm('cfg').createDevice(KVM_DEV_TYPE_FLIC);
    const { config, profile } = await client.vm('cfg').inspect();
    expect(profile).toBe('current');
    expect(config).toEqual({
      ais: true,
      gisa: false,
      ucontrol: true,
      protected: true,
      maxVcpus: 3,
      adapterMapMode: 'tracked',
      profile: 'current',
      guestMemory: [{ start: 0x1000n, size: 0x2000n }],
    });
  });

  it('creates an original-profile VM', async () => {
    const { client } = await start();
    await client.createVm('old', { profile: 'original' });
    await client.vm('old').createDevice(KVM_DEV_TYPE_FLIC);
    expect((await client.vm('old').inspect()).profile).toBe('original');
  });

  it('rejects bad vm ids with EINVAL / INVALID_ARGUMENT', async () => {
    const { client } = await start();
    for (const id of ['', 'x'.repeat(129), 'has space']) {
      const f = await failure(client.createVm(id));
      expect([f.errno, f.code]).toEqual(['EINVAL', grpc.status.INVALID_ARGUMENT]);
    }
    await client.createVm('x'.repeat(128));
  });

  it('rejects a bad configuration with EINVAL', async () => {
    const { client } = await start();
    const f = await failure(client.createVm('bad', { maxVcpus: 256 }));
    expect(f.errno).toBe('EINVAL');
  });

  it('EEXIST / ALREADY_EXISTS for a second VM with the same id', async () => {
    const { client } = await start();
    await client.createVm('dup');
    const f = await failure(client.createVm('dup'));
    expect([f.errno, f.code, f.err.errno, f.err.group]).toEqual(['EEXIST', grpc.status.ALREADY_EXISTS, 17, 'VM']);
  });

  it('ENOSPC / RESOURCE_EXHAUSTED past the VM limit', async () => {
    const { client } = await start(2);
    await client.createVm('one');
    await client.createVm('two');
    const f = await failure(client.createVm('three'));
    expect([f.errno, f.code]).toEqual(['ENOSPC', grpc.status.RESOURCE_EXHAUSTED]);
  });

  it('ENOENT / NOT_FOUND for an unknown VM, on every kind of call', async () => {
    const { client } = await start();
    for (const call of [
      () => client.deleteVm('ghost'),
      () => client.vm('ghost').createDevice(KVM_DEV_TYPE_FLIC),
      () => client.vm('ghost').clearIrqs(),
      () => client.vm('ghost').hasAttr({ flags: 0, group: 1, attr: 0n, data: new Uint8Array(), badAddr: false }),
    ]) {
      const f = await failure(call());
      expect([f.errno, f.code]).toEqual(['ENOENT', grpc.status.NOT_FOUND]);
    }
  });

  it('ENODEV / NOT_FOUND for a VM without a FLIC', async () => {
    const { client } = await start();
    await client.createVm('bare');
    for (const call of [
      () => client.vm('bare').clearIrqs(),
      () => client.vm('bare').getAllIrqs(4096n),
      () => client.vm('bare').inspect(),
      () => client.vm('bare').getAttr({ flags: 0, group: 1, attr: 4096n, data: new Uint8Array(), badAddr: false }),
    ]) {
      const f = await failure(call());
      expect([f.errno, f.code]).toEqual(['ENODEV', grpc.status.NOT_FOUND]);
    }
  });
});

describe('CreateDevice', () => {
  it('creates the FLIC once; a TEST create answers false and creates nothing', async () => {
    const { client } = await start();
    await client.createVm('vm');
    const vm = client.vm('vm');
    expect(await vm.createDevice(KVM_DEV_TYPE_FLIC, KVM_CREATE_DEVICE_TEST)).toBe(false);
    expect((await failure(vm.clearIrqs())).errno).toBe('ENODEV');
    expect(await vm.createDevice(KVM_DEV_TYPE_FLIC)).toBe(true);
    expect(await vm.createDevice(KVM_DEV_TYPE_FLIC, KVM_CREATE_DEVICE_TEST)).toBe(false);
    const f = await failure(vm.createDevice(KVM_DEV_TYPE_FLIC));
    expect([f.errno, f.code, f.err.group]).toEqual(['EINVAL', grpc.status.INVALID_ARGUMENT, 'KVM_CREATE_DEVICE']);
  });

  it('ENODEV for a device type that is not registered', async () => {
    const { client } = await start();
    await client.createVm('vm');
    for (const type of [0, 4, 5, 7, 0xffffffff]) {
      const f = await failure(client.vm('vm').createDevice(type));
      expect([f.errno, f.code]).toEqual(['ENODEV', grpc.status.NOT_FOUND]);
    }
  });
});
