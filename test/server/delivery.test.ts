// The delivery vectors (docs/delivery.md §1-§4, §6) through the real server and the real client,
// the same vectors as the in-process device runs (test/device/delivery.test.ts). The errno is read
// from the status-details trailer, as another language's client reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkErrnoOrder, replayDelivery } from '../support/deliveryReplay.js';
import { DELIVERY_VECTORS, OPEN, cpu, ioOn } from '../support/deliveryVectors.js';
import { startTestServer, type TestServer } from './fixture.js';
import { trailerErrno } from './rpcStatus.js';

let running: TestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.close();
});

describe('delivery vectors (through gRPC)', () => {
  DELIVERY_VECTORS.forEach((v, i) => {
    it(v.id, async () => {
      await replayDelivery(running.client, v, `d-${i}`, trailerErrno);
    });
  });
  it('ENOENT, then ENODEV, then the call\'s own EINVAL', async () => {
    await checkErrnoOrder(running.client, 'errno-order', trailerErrno);
  });

  it('Inspect carries the delivery counters', async () => {
    await running.client.createVm('counted');
    const vm = running.client.vm('counted');
    await vm.createDevice(6);
    await vm.enqueue([ioOn(0, 1), ioOn(2, 2)]);
    await vm.deliver(OPEN);
    await vm.deliver(cpu({ localPending: 1n << 25n }));
    await vm.tpi(0x20000000);
    await vm.tsch(1);
    const c = (await vm.inspect()).counters;
    expect(c.delivered[10]).toBe(1);
    expect(c.deliveredLocal[25]).toBe(1);
    expect(c.delivered.length).toBe(28);
    expect([c.tpiHits, c.tpiMisses, c.tschHits, c.tschMisses]).toEqual([1, 0, 0, 1]);
  });
});
