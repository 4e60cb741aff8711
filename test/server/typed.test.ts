// Every typed RPC through the real server and client: one success path and its errnos.

import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KVM_S390_ADAPTER_SUPPRESSIBLE,
  KVM_S390_AIS_MODE_ALL,
  KVM_S390_AIS_MODE_SINGLE,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_IO_ADAPTER_MAP,
  KVM_S390_IO_ADAPTER_MASK,
  KVM_S390_MCHK,
  type Irq,
  type RemoteVm,
  type VmConfig,
} from '../../src/client/index.js';
import { freshVm as freshVmOn, startTestServer, type TestServer } from './fixture.js';
import { A, B, C, D, PFD, SVC, VIRTIO, io } from '../support/typedRecords.js';
import { expectKvmFailure } from './rpcStatus.js';

let running: TestServer;
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  await running.close();
});

const freshVm = (config: Partial<VmConfig> = {}): Promise<RemoteVm> => freshVmOn(running, config, 'vm');

const MAX = 0x2000000n;
const INVALID = grpc.status.INVALID_ARGUMENT;

describe('Enqueue and GetAllIrqs', () => {
  it('round-trips every union member, in the kernel order', async () => {
    const vm = await freshVm();
    const mchk: Irq = {
      kind: 'mchk',
      type: BigInt(KVM_S390_MCHK),
      cr14: 0x10000000n,
      mcic: 0x8000000000000000n,
      failingStorageAddress: 0n,
      extDamageCode: 0,
      pad: 0,
      fixedLogout: new Uint8Array(16),
    };
    await vm.enqueue([A, SVC(0x1001), VIRTIO(1, 2, 0xffffffffffffffffn), B, PFD(7, 8, 9n), C, D, mchk]);
    const irqs = await vm.getAllIrqs(MAX);
    expect(irqs).toEqual([D, B, A, C, PFD(7, 8, 9n), VIRTIO(1, 2, 0xffffffffffffffffn), SVC(0x1001), mchk]);
  });

  it('an empty Enqueue is valid', async () => {
    const vm = await freshVm();
    await vm.enqueue([]);
    expect(await vm.getAllIrqs(72n)).toEqual([]);
  });

  it('EINVAL for a type that is not floating; the records before it stay', async () => {
    const vm = await freshVm();
    const clockComp: Irq = { kind: 'raw', type: 0xffff1004n, payload: new Uint8Array() };
    await expectKvmFailure(vm.enqueue([A, clockComp, B]), 'EINVAL', INVALID);
    expect(await vm.getAllIrqs(MAX)).toEqual([A]);
    const pfaultInit: Irq = { kind: 'ext', type: 0xfffe0004n, extParams: 0, pad: 0, extParams2: 0n };
    await expectKvmFailure(vm.enqueue([pfaultInit]), 'EINVAL', INVALID);
    await expectKvmFailure(vm.enqueue([{ ...A, type: 1n << 32n } as Irq]), 'EINVAL', INVALID);
  });

  it('EINVAL when a value does not fit its kernel field', async () => {
    const vm = await freshVm();
    await expectKvmFailure(vm.enqueue([io(0x03f80005, 0x10000, 5, 0, 0)]), 'EINVAL', INVALID);
  });

  it('EBUSY / RESOURCE_EXHAUSTED when a queue is full', async () => {
    const vm = await freshVm({ maxVcpus: 1 });
    const limit = (await vm.inspect()).limits.pfault.limit;
    expect(limit).toBe(64);
    await vm.enqueue(Array.from({ length: limit }, (_, i) => PFD(i)));
    await expectKvmFailure(vm.enqueue([PFD(99)]), 'EBUSY', grpc.status.RESOURCE_EXHAUSTED);
  });

  it('GetAllIrqs: EINVAL for 0 and past 0x2000000; ENOMEM with requiredBytes', async () => {
    const vm = await freshVm();
    await expectKvmFailure(vm.getAllIrqs(0n), 'EINVAL', INVALID);
    await expectKvmFailure(vm.getAllIrqs(MAX + 1n), 'EINVAL', INVALID);
    await vm.enqueue([A, B]);
    const err = await expectKvmFailure(vm.getAllIrqs(143n), 'ENOMEM', grpc.status.RESOURCE_EXHAUSTED);
    expect(err.metadata).toEqual({ requiredBytes: '144' });
    expect(await vm.getAllIrqs(144n)).toEqual([B, A]);
  });
});

describe('clearing', () => {
  it('ClearIrqs empties every queue', async () => {
    const vm = await freshVm();
    await vm.enqueue([A, B, SVC(8), VIRTIO(1)]);
    await vm.clearIrqs();
    expect(await vm.getAllIrqs(MAX)).toEqual([]);
  });

  it('ClearIoIrq removes the first match only; a zero schid is EINVAL', async () => {
    const vm = await freshVm();
    await vm.enqueue([A, B, A]);
    await vm.clearIoIrq(0xfe01, 0x0005);
    expect(await vm.getAllIrqs(MAX)).toEqual([B, A]);
    await vm.clearIoIrq(0x1234, 0x5678);
    const err = await expectKvmFailure(vm.clearIoIrq(0, 0), 'EINVAL', INVALID);
    expect(err.group).toBe('KVM_DEV_FLIC_CLEAR_IO_IRQ');
    expect(err.message.startsWith('KVM_DEV_FLIC_CLEAR_IO_IRQ: EINVAL: ')).toBe(true);
  });
});

describe('APF', () => {
  it('ApfEnable and ApfDisableWait toggle the APF state', async () => {
    const vm = await freshVm();
    await vm.apfEnable();
    expect((await vm.inspect()).apfEnabled).toBe(true);
    await vm.apfDisableWait();
    expect((await vm.inspect()).apfEnabled).toBe(false);
  });

  it('EINVAL on a ucontrol VM', async () => {
    const vm = await freshVm({ ucontrol: true });
    await expectKvmFailure(vm.apfEnable(), 'EINVAL', INVALID);
    await expectKvmFailure(vm.apfDisableWait(), 'EINVAL', INVALID);
  });

  it('EINVAL with the original profile, which has only groups 1..3', async () => {
    const vm = await freshVm({ profile: 'original' });
    await expectKvmFailure(vm.apfEnable(), 'EINVAL', INVALID);
    await expectKvmFailure(vm.clearIoIrq(1, 1), 'EINVAL', INVALID);
  });
});

describe('adapters', () => {
  const adapter = { id: 5, isc: 3, maskable: true, swap: false, flags: KVM_S390_ADAPTER_SUPPRESSIBLE };

  it('AdapterRegister stores the adapter; a duplicate or an id past 63 is EINVAL', async () => {
    const vm = await freshVm();
    await vm.adapterRegister(adapter);
    const [state] = (await vm.inspect()).adapters;
    expect(state).toMatchObject({ ...adapter, suppressible: true, masked: false });
    await expectKvmFailure(vm.adapterRegister(adapter), 'EINVAL', INVALID);
    await expectKvmFailure(vm.adapterRegister({ ...adapter, id: 64 }), 'EINVAL', INVALID);
    await expectKvmFailure(vm.adapterRegister({ ...adapter, id: 6, isc: 256 }), 'EINVAL', INVALID);
  });

  it('AdapterModify masks a maskable adapter; its errnos', async () => {
    const vm = await freshVm();
    await vm.adapterRegister(adapter);
    await vm.adapterRegister({ ...adapter, id: 6, maskable: false });
    await vm.adapterModify({ id: 5, type: KVM_S390_IO_ADAPTER_MASK, mask: true, addr: 0n });
    expect((await vm.inspect()).adapters.find((a) => a.id === 5)?.masked).toBe(true);
    await vm.adapterModify({ id: 5, type: KVM_S390_IO_ADAPTER_MAP, mask: false, addr: 0x1000n });
    await expectKvmFailure(vm.adapterModify({ id: 6, type: KVM_S390_IO_ADAPTER_MASK, mask: true, addr: 0n }), 'EINVAL', INVALID);
    await expectKvmFailure(vm.adapterModify({ id: 7, type: KVM_S390_IO_ADAPTER_MASK, mask: true, addr: 0n }), 'EINVAL', INVALID);
    await expectKvmFailure(vm.adapterModify({ id: 5, type: 4, mask: false, addr: 0n }), 'EINVAL', INVALID);
  });

  it('AdapterModify MAP outside guest memory is EFAULT; a tracked UNMAP of nothing is ENOENT', async () => {
    const vm = await freshVm({ adapterMapMode: 'tracked', guestMemory: [{ start: 0x1000n, size: 0x1000n }] });
    await vm.adapterRegister(adapter);
    await vm.adapterModify({ id: 5, type: KVM_S390_IO_ADAPTER_MAP, mask: false, addr: 0x1800n });
    expect((await vm.inspect()).adapters[0]?.mappings).toEqual([0x1800n]);
    await expectKvmFailure(vm.adapterModify({ id: 5, type: KVM_S390_IO_ADAPTER_MAP, mask: false, addr: 0x3000n }), 'EFAULT', INVALID);
    await expectKvmFailure(vm.adapterModify({ id: 5, type: 3, mask: false, addr: 0x1900n }), 'ENOENT', grpc.status.NOT_FOUND);
  });

  it('AirqInject queues an adapter interrupt; only the low 32 bits of the id count', async () => {
    const vm = await freshVm();
    await vm.adapterRegister(adapter);
    await vm.airqInject(5n);
    await vm.airqInject((1n << 32n) | 5n);
    const ai = io(KVM_S390_INT_IO_ADAPTER, 0, 0, 0, 0x98000000);
    expect(await vm.getAllIrqs(MAX)).toEqual([ai, ai]);
    await expectKvmFailure(vm.airqInject(6n), 'EINVAL', INVALID);
  });
});

describe('AIS', () => {
  it('EOPNOTSUPP / FAILED_PRECONDITION without the AIS facility', async () => {
    const vm = await freshVm();
    const code = grpc.status.FAILED_PRECONDITION;
    await expectKvmFailure(vm.aism(3, KVM_S390_AIS_MODE_SINGLE), 'EOPNOTSUPP', code);
    await expectKvmFailure(vm.getAismAll(), 'EOPNOTSUPP', code);
    await expectKvmFailure(vm.setAismAll({ simm: 0, nimm: 0 }), 'EOPNOTSUPP', code);
  });

  it('Aism, GetAismAll and SetAismAll with the facility', async () => {
    const vm = await freshVm({ ais: true });
    await vm.aism(3, KVM_S390_AIS_MODE_SINGLE);
    expect(await vm.getAismAll()).toEqual({ simm: 0x10, nimm: 0 });
    await vm.aism(3, KVM_S390_AIS_MODE_ALL);
    expect(await vm.getAismAll(2n)).toEqual({ simm: 0, nimm: 0 });
    await vm.setAismAll({ simm: 0x90, nimm: 0x10 });
    expect(await vm.getAismAll(100n)).toEqual({ simm: 0x90, nimm: 0x10 });
    await expectKvmFailure(vm.aism(8, KVM_S390_AIS_MODE_ALL), 'EINVAL', INVALID);
    await expectKvmFailure(vm.aism(3, 2), 'EINVAL', INVALID);
    await expectKvmFailure(vm.getAismAll(1n), 'EINVAL', INVALID);
    await expectKvmFailure(vm.getAismAll(0n), 'EINVAL', INVALID);
    await expectKvmFailure(vm.setAismAll({ simm: 256, nimm: 0 }), 'EINVAL', INVALID);
  });

  it('a suppressible adapter in SINGLE mode fires once', async () => {
    const vm = await freshVm({ ais: true });
    await vm.adapterRegister({ id: 1, isc: 3, maskable: false, swap: false, flags: KVM_S390_ADAPTER_SUPPRESSIBLE });
    await vm.aism(3, KVM_S390_AIS_MODE_SINGLE);
    await vm.airqInject(1n);
    await vm.airqInject(1n);
    expect(await vm.getAllIrqs(MAX)).toHaveLength(1);
    expect(await vm.getAismAll()).toEqual({ simm: 0x10, nimm: 0x10 });
    expect((await vm.inspect()).counters.suppressed).toBe(1);
  });
});

describe('Inspect', () => {
  it('reports queues, depths, limits and counters', async () => {
    const vm = await freshVm();
    await vm.enqueue([A, B, C, SVC(0x1001), VIRTIO(3)]);
    const s = await vm.inspect();
    expect(s.io[3]).toEqual([A]);
    expect(s.io[1]).toEqual([B]);
    expect(s.io[7]).toEqual([C]);
    expect(s.io).toHaveLength(8);
    expect(s.virtio).toEqual([VIRTIO(3)]);
    expect(s.service).toMatchObject({ pending: true, extParams: 0x1001 });
    expect(s.gisaIpm).toBeNull();
    expect(s.list).toBeNull();
    expect(s.depths).toMatchObject({ virtio: 1, service: 1, total: 5 });
    expect(s.depths.io).toEqual([0, 1, 0, 1, 0, 0, 0, 1]);
    expect(s.limits.io).toEqual({ count: 3, limit: 266250 });
    expect(s.counters).toMatchObject({ injectedIo: 3, injectedVirtio: 1, injectedService: 1 });
  });

  it('restores the GISA IPM and the original list', async () => {
    const gisa = await freshVm({ gisa: true });
    await gisa.adapterRegister({ id: 0, isc: 2, maskable: false, swap: false, flags: 0 });
    await gisa.airqInject(0n);
    expect((await gisa.inspect()).gisaIpm).toBe(0x20);
    const old = await freshVm({ profile: 'original' });
    await old.enqueue([A, B]);
    const s = await old.inspect();
    expect(s.profile).toBe('original');
    expect(s.list).toEqual([A, B]);
  });
});
