// SetDeviceAttr / GetDeviceAttr / HasDeviceAttr: the kernel's byte layout through gRPC, reaching
// the same device methods as the typed RPCs.

import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeIrqs } from '../../src/device/abi/index.js';
import {
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_DEV_FLIC_AISM_ALL,
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KvmError,
  type AttrCall,
  type RemoteVm,
  type VmConfig,
} from '../../src/client/index.js';
import { freshVm as freshVmOn, startTestServer, type TestServer } from './fixture.js';
import { A, B, C, SVC } from '../support/typedRecords.js';
import { decodeStatusDetails, serviceErrorOf, trailerErrno } from './rpcStatus.js';

let running: TestServer;
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  await running.close();
});

const freshVm = (config: Partial<VmConfig> = {}): Promise<RemoteVm> => freshVmOn(running, config, 'raw');

function attr(group: number, a: bigint, data: Uint8Array = new Uint8Array(), extra: Partial<AttrCall> = {}): AttrCall {
  return { flags: 0, group, attr: a, data, badAddr: false, ...extra };
}

async function errnoOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KvmError);
  return trailerErrno(err);
}

describe('raw device attributes', () => {
  it('SET ENQUEUE with kernel records, GET GET_ALL_IRQS returns them in kernel order', async () => {
    const vm = await freshVm();
    const set = await vm.setAttr(attr(KVM_DEV_FLIC_ENQUEUE, 3n * 72n, encodeIrqs([A, B, SVC(0x1001)])));
    expect(set).toEqual({ ret: 0, data: new Uint8Array() });
    const get = await vm.getAttr(attr(KVM_DEV_FLIC_GET_ALL_IRQS, 0x2000000n));
    expect(get.ret).toBe(3);
    expect(Buffer.from(get.data).equals(Buffer.from(encodeIrqs([B, A, SVC(0x1001)])))).toBe(true);
  });

  it('typed and raw calls reach the same device', async () => {
    const vm = await freshVm();
    await vm.enqueue([C, A]);
    const get = await vm.getAttr(attr(KVM_DEV_FLIC_GET_ALL_IRQS, 144n));
    expect(Buffer.from(get.data).equals(Buffer.from(encodeIrqs([A, C])))).toBe(true);
    await vm.setAttr(attr(KVM_DEV_FLIC_CLEAR_IO_IRQ, 4n, Uint8Array.of(0xfe, 0x01, 0x00, 0x05)));
    expect(await vm.getAllIrqs(0x2000000n)).toEqual([C]);
  });

  it('HAS answers 0 for groups 1..11 and ENXIO / NOT_FOUND otherwise', async () => {
    const vm = await freshVm();
    for (let g = 1; g <= 11; g++) expect((await vm.hasAttr(attr(g, 0n))).ret).toBe(0);
    for (const g of [0, 12, 0xffffffff]) {
      const err = await vm.hasAttr(attr(g, 0n)).catch((e: unknown) => e);
      expect(trailerErrno(err)).toBe('ENXIO');
      expect(serviceErrorOf(err).code).toBe(grpc.status.NOT_FOUND);
    }
  });

  it('HAS on the original profile is EPERM / PERMISSION_DENIED', async () => {
    const vm = await freshVm({ profile: 'original' });
    const err = await vm.hasAttr(attr(1, 0n)).catch((e: unknown) => e);
    expect(trailerErrno(err)).toBe('EPERM');
    expect(serviceErrorOf(err).code).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('SET and GET on an unknown group or the wrong direction are EINVAL', async () => {
    const vm = await freshVm();
    expect(await errnoOf(vm.setAttr(attr(0, 0n)))).toBe('EINVAL');
    expect(await errnoOf(vm.setAttr(attr(12, 0n)))).toBe('EINVAL');
    expect(await errnoOf(vm.setAttr(attr(KVM_DEV_FLIC_GET_ALL_IRQS, 72n)))).toBe('EINVAL');
    expect(await errnoOf(vm.getAttr(attr(KVM_DEV_FLIC_ENQUEUE, 0n)))).toBe('EINVAL');
  });

  it('EFAULT for a short buffer or a bad address', async () => {
    const vm = await freshVm();
    expect(await errnoOf(vm.setAttr(attr(KVM_DEV_FLIC_ADAPTER_REGISTER, 0n, new Uint8Array(7))))).toBe('EFAULT');
    expect(await errnoOf(vm.setAttr(attr(KVM_DEV_FLIC_ADAPTER_REGISTER, 0n, new Uint8Array(8), { badAddr: true })))).toBe(
      'EFAULT',
    );
    // An I/O record reads 8 + 12 bytes: 19 are not enough, 20 are (bytes past the member are never read).
    expect(await errnoOf(vm.setAttr(attr(KVM_DEV_FLIC_ENQUEUE, 72n, new Uint8Array(19))))).toBe('EFAULT');
    await vm.setAttr(attr(KVM_DEV_FLIC_ENQUEUE, 72n, new Uint8Array(20)));
  });

  it('AISM_ALL GET with attr 0 is EINVAL (the case the typed GetAismAll cannot express)', async () => {
    const vm = await freshVm({ ais: true });
    expect(await errnoOf(vm.getAttr(attr(KVM_DEV_FLIC_AISM_ALL, 0n)))).toBe('EINVAL');
    expect((await vm.getAttr(attr(KVM_DEV_FLIC_AISM_ALL, 2n))).data).toEqual(new Uint8Array(2));
  });

  it('GET_ALL_IRQS ENOMEM carries requiredBytes in the ErrorInfo metadata', async () => {
    const vm = await freshVm();
    await vm.enqueue([A, B, C]);
    const err = await vm.getAttr(attr(KVM_DEV_FLIC_GET_ALL_IRQS, 100n)).catch((e: unknown) => e);
    const details = decodeStatusDetails(serviceErrorOf(err).metadata);
    expect(details?.errorInfos[0]?.metadata).toEqual({ errno: '12', group: 'KVM_DEV_FLIC_GET_ALL_IRQS', requiredBytes: '216' });
  });

  it("the original device's partial GET_ALL_IRQS travels in flic-written-bin", async () => {
    const vm = await freshVm({ profile: 'original' });
    await vm.enqueue([A, B, C]);
    const err = await vm.getAttr(attr(KVM_DEV_FLIC_GET_ALL_IRQS, 150n)).catch((e: unknown) => e);
    expect(trailerErrno(err)).toBe('ENOMEM');
    const written = serviceErrorOf(err).metadata.get('flic-written-bin')[0];
    expect(Buffer.isBuffer(written)).toBe(true);
    expect((written as Buffer).length % 72).toBe(0);
    expect((written as Buffer).length).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(KvmError);
    expect(Buffer.from((err as KvmError).written ?? []).equals(written as Buffer)).toBe(true);
  });
});
