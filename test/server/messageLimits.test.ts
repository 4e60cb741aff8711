// The largest legal ENQUEUE and the largest GET_ALL_IRQS reply fit the message limits.

import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASYNC_PF_PER_VCPU,
  KVM_MAX_VCPUS,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  encodeIrq,
} from '../../src/device/abi/index.js';
import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_FLIC_GET_ALL_IRQS, KVM_DEV_TYPE_FLIC, type Irq } from '../../src/client/index.js';
import { startTestServer, type TestServer } from './fixture.js';
import { A, PFD, SVC, VIRTIO } from '../support/typedRecords.js';
import { serviceErrorOf, trailerErrno } from './rpcStatus.js';

const MAX_RECORDS = Math.floor(KVM_S390_FLIC_MAX_BUFFER / KVM_S390_IRQ_SIZE);

function records(irq: Irq, n: number): Uint8Array {
  const b = new Uint8Array(n * KVM_S390_IRQ_SIZE);
  for (let i = 0; i < n; i++) encodeIrq(irq, b, i * KVM_S390_IRQ_SIZE);
  return b;
}

let running: TestServer;
beforeAll(async () => {
  running = await startTestServer();
  await running.client.createVm('big');
  await running.client.vm('big').createDevice(KVM_DEV_TYPE_FLIC);
});
afterAll(async () => {
  await running.close();
});

describe('message limits', () => {
  it('accepts the largest legal ENQUEUE (33,554,376 bytes); the device, not gRPC, answers', async () => {
    const vm = running.client.vm('big');
    const data = records(A, MAX_RECORDS);
    expect(data.length).toBe(33_554_376);
    const err = await vm
      .setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false })
      .catch((e: unknown) => e);
    // The I/O queues hold 266,250: the records before that stay injected (the next test counts
    // them), the next is EBUSY.
    expect(trailerErrno(err)).toBe('EBUSY');
    expect(serviceErrorOf(err).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('returns the largest possible GET_ALL_IRQS, raw and typed', async () => {
    const vm = running.client.vm('big');
    const pfaults = ASYNC_PF_PER_VCPU * KVM_MAX_VCPUS;
    for (const [irq, n] of [
      [VIRTIO(1), KVM_S390_MAX_VIRTIO_IRQS],
      [PFD(2), pfaults],
      [SVC(8), 1],
    ] as const) {
      const data = records(irq, n);
      await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
    }
    const total = KVM_S390_MAX_FLOAT_IRQS + KVM_S390_MAX_VIRTIO_IRQS + pfaults + 1;
    const raw = await vm.getAttr({
      flags: 0,
      group: KVM_DEV_FLIC_GET_ALL_IRQS,
      attr: BigInt(KVM_S390_FLIC_MAX_BUFFER),
      data: new Uint8Array(),
      badAddr: false,
    });
    expect(raw.ret).toBe(total);
    expect(raw.data.length).toBe(total * KVM_S390_IRQ_SIZE);
    const typed = await vm.getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER));
    expect(typed.length).toBe(total);
    expect(typed[0]).toEqual(A);
    expect(typed[total - 1]).toEqual(SVC(8));
  });
});
