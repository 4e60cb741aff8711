// Deliver with wait_ms through the real server and client: a vCPU in an enabled wait takes what
// arrives for it, one interrupt per waiter, in the kernel's scan order (upward from the vCPU that
// most recently began waiting); EBUSY for a second wait of one vCPU; cancellation, timeouts,
// dry runs, a deleted VM, and the graceful stop, which ends waits at once.
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, KvmError, decodeIrq, type Delivery, type RemoteVm, type VmConfig } from '../../src/client/index.js';
import { startService, type RunningService } from '../../src/server/app.js';
import { OPEN, PSW_EXT, cpu, ioOn } from '../support/deliveryVectors.js';
import { SVC } from '../support/typedRecords.js';
import { freshVm as freshVmOn, startTestServer, testServiceConfig, type TestServer } from './fixture.js';
import { trailerErrno } from './rpcStatus.js';

let running: TestServer;
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  // The shutdown ends whatever still waits (a wait of 60 s would otherwise hold it).
  await running.close();
});

const freshVm = (config: Partial<VmConfig> = {}): Promise<RemoteVm> => freshVmOn(running, config, 'w');

/** Resolves once `n` vCPUs wait on the server (a wait registers when its call has reached it). */
async function waiting(n: number, waits: { readonly waiting: number } = running.flic.waits): Promise<void> {
  for (let i = 0; i < 1000 && waits.waiting !== n; i++) await new Promise((r) => setTimeout(r, 5));
  expect(waits.waiting).toBe(n);
}

/** A promise's outcome without awaiting it: 'pending' until it settles. */
function track<T>(p: Promise<T>): { readonly state: () => 'pending' | 'done' | 'failed'; readonly value: () => T } {
  let state: 'pending' | 'done' | 'failed' = 'pending';
  let value: T | undefined;
  p.then(
    (v) => {
      state = 'done';
      value = v;
    },
    () => {
      state = 'failed';
    },
  );
  return { state: () => state, value: () => value as T };
}

const LONG = 60_000;
const parmOf = (d: Delivery): number => {
  const r = decodeIrq(d.record, 0);
  return r.kind === 'io' ? r.ioIntParm : -1;
};

describe('waiting vCPUs', () => {
  it('two waiters, one injection: exactly one wakes (the vCPU that began waiting last), then the other', async () => {
    const vm = await freshVm();
    const w1 = track(vm.deliver(cpu({ cpuId: 1 }), { waitMs: LONG }));
    await waiting(1);
    const w2 = track(vm.deliver(cpu({ cpuId: 2 }), { waitMs: LONG }));
    await waiting(2);
    expect((await vm.inspect()).waitScanStart).toBe(2);

    await vm.enqueue([ioOn(3, 1)]);
    await waiting(1);
    await new Promise((r) => setTimeout(r, 20));
    expect([w1.state(), w2.state()]).toEqual(['pending', 'done']);
    expect(parmOf(w2.value())).toBe(1);

    await vm.enqueue([ioOn(3, 2)]);
    await waiting(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(w1.state()).toBe('done');
    expect(parmOf(w1.value())).toBe(2);
    expect((await vm.inspect()).depths.total).toBe(0);
  });

  it('interrupts that arrive together go one per waiter in scan order (wrapping around); the rest stay queued', async () => {
    const vm = await freshVm({ maxVcpus: 4 });
    const order = [3, 0, 2];
    const waiters = new Map<number, ReturnType<typeof track<Delivery>>>();
    for (const [i, id] of order.entries()) {
      waiters.set(id, track(vm.deliver(cpu({ cpuId: id }), { waitMs: LONG })));
      await waiting(i + 1);
    }
    // Scan from vCPU 2 (the last to begin waiting): 2, 3, then 0 after the wrap.
    await vm.enqueue([ioOn(2, 12), ioOn(0, 10), ioOn(1, 11), ioOn(7, 17)]);
    await waiting(0);
    await new Promise((r) => setTimeout(r, 20));
    expect([2, 3, 0].map((id) => parmOf(waiters.get(id)!.value()))).toEqual([10, 11, 12]);
    expect(await vm.getAllIrqs(0x2000000n)).toEqual([ioOn(7, 17)]);
  });

  it('a waiter that cannot take the interrupt lets the next one in scan order take it', async () => {
    const vm = await freshVm();
    const io = track(vm.deliver(cpu({ cpuId: 0 }), { waitMs: LONG }));
    await waiting(1);
    // vCPU 1 began waiting last, but its PSW has the external mask only.
    const ext = track(vm.deliver(cpu({ cpuId: 1, pswMask: PSW_EXT }), { waitMs: LONG }));
    await waiting(2);
    await vm.enqueue([ioOn(0, 5)]);
    await waiting(1);
    await new Promise((r) => setTimeout(r, 20));
    expect([io.state(), ext.state()]).toEqual(['done', 'pending']);
    await vm.enqueue([SVC(0x1000)]);
    await waiting(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ext.value()).toMatchObject({ interruptClass: 'external', pendingBit: 15 });
  });

  it('wakes on AIRQ_INJECT, on reinjection and on the SCLP intercept', async () => {
    const gisa = await freshVm({ gisa: true });
    await gisa.adapterRegister({ id: 1, isc: 4, maskable: false, swap: false, flags: 0 });
    const byAdapter = gisa.deliver(OPEN, { waitMs: LONG });
    await waiting(1);
    await gisa.airqInject(1n);
    expect(await byAdapter).toMatchObject({ interruptClass: 'io', pendingBit: 6 });

    const vm = await freshVm();
    const byReinjection = vm.deliver(OPEN, { waitMs: LONG });
    await waiting(1);
    await vm.reinjectIo(ioOn(5, 3));
    expect(parmOf(await byReinjection)).toBe(3);

    const pv = await freshVm({ protected: true });
    await pv.enqueue([SVC(0x1000)]);
    const bySclp = pv.deliver(OPEN, { waitMs: LONG });
    await waiting(1);
    await pv.pvSclpIntercept();
    expect(await bySclp).toMatchObject({ interruptClass: 'external', pendingBit: 15 });
  });

  it('answers at once when something is deliverable, and a dry run never waits', async () => {
    const vm = await freshVm();
    expect(await vm.deliver(OPEN, { waitMs: LONG, dryRun: true })).toMatchObject({ interruptClass: 'none' });
    expect(running.flic.waits.waiting).toBe(0);
    await vm.enqueue([ioOn(1, 7)]);
    expect(parmOf(await vm.deliver(OPEN, { waitMs: LONG }))).toBe(7);
  });

  it('a second wait of the same vCPU is EBUSY, after the request is checked (EINVAL first)', async () => {
    const vm = await freshVm();
    const first = vm.deliver(cpu({ cpuId: 5 }), { waitMs: LONG });
    await waiting(1);
    const second = await vm.deliver(cpu({ cpuId: 5 }), { waitMs: LONG }).then(
      () => 'answered',
      (e: unknown) => trailerErrno(e),
    );
    expect(second).toBe('EBUSY');
    const invalid = await vm.deliver(cpu({ cpuId: 5, iictl: 1 }), { waitMs: LONG }).then(
      () => 'answered',
      (e: unknown) => trailerErrno(e),
    );
    expect(invalid).toBe('EINVAL');
    // Another vCPU may wait, and the first is still waiting.
    const other = vm.deliver(cpu({ cpuId: 6 }), { waitMs: LONG });
    await waiting(2);
    await vm.enqueue([ioOn(0, 1), ioOn(0, 2)]);
    await Promise.all([first, other]);
  });

  it('ends with NONE when the time is up', async () => {
    const vm = await freshVm();
    expect(await vm.deliver(OPEN, { waitMs: 30 })).toMatchObject({ interruptClass: 'none', pendingBit: 0 });
    expect(running.flic.waits.waiting).toBe(0);
  });

  it('a caller that cancels leaves no waiter behind, and what arrives later stays queued', async () => {
    const vm = await freshVm();
    const abort = new AbortController();
    const call = vm.deliver(OPEN, { waitMs: LONG, signal: abort.signal });
    await waiting(1);
    abort.abort();
    await expect(call).rejects.toMatchObject({ code: grpc.status.CANCELLED });
    await waiting(0);
    await vm.enqueue([ioOn(0, 1)]);
    expect((await vm.inspect()).depths.total).toBe(1);
  });

  it('a wait of 2^32 - 1 ms is not cut short (longer than a single timer); 2^32 is refused', async () => {
    const vm = await freshVm();
    const abort = new AbortController();
    const call = track(vm.deliver(OPEN, { waitMs: 0xffffffff, signal: abort.signal }));
    await waiting(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(call.state()).toBe('pending');
    abort.abort();
    await waiting(0);
    await expect(vm.deliver(OPEN, { waitMs: 0x100000000 })).rejects.toBeInstanceOf(KvmError);
  });

  it('a VM deleted while its vCPU waits ends the wait with ENOENT', async () => {
    await running.client.createVm('gone');
    const vm = running.client.vm('gone');
    await vm.createDevice(KVM_DEV_TYPE_FLIC);
    const call = vm.deliver(OPEN, { waitMs: LONG }).then(
      () => 'answered',
      (e: unknown) => trailerErrno(e),
    );
    await waiting(1);
    await running.client.deleteVm('gone');
    expect(await call).toBe('ENOENT');
    expect(running.flic.waits.waiting).toBe(0);
  });
});

describe('the graceful stop with vCPUs waiting', () => {
  it('the bare server\'s shutdown ends a wait with NONE instead of waiting for it', async () => {
    const server = await startTestServer();
    const vm = await freshVmOn(server, {}, 's');
    const call = vm.deliver(OPEN, { waitMs: LONG });
    await waiting(1, server.flic.waits);
    const closed = server.flic.shutdown();
    expect(await call).toMatchObject({ interruptClass: 'none' });
    await closed;
    server.client.close();
  });

  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop('test end');
    service = undefined;
  });

  it('ends every wait with NONE at once; the waiting calls were in flight and finish OK', async () => {
    service = await startService(testServiceConfig({ shutdownGraceSeconds: 60 }));
    const client = new FlicClient(service.address);
    try {
      await client.createVm('v');
      const vm = client.vm('v');
      await vm.createDevice(KVM_DEV_TYPE_FLIC);
      const calls = [0, 1].map((id) => vm.deliver(cpu({ cpuId: id }), { waitMs: LONG }));
      const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${service!.metricsPort}/metrics`)).text();
      for (let i = 0; i < 200 && !(await metrics()).includes('flic_waiting_vcpus 2'); i++) await new Promise((r) => setTimeout(r, 10));
      expect(await metrics()).toMatch(/^flic_waiting_vcpus 2$/m);

      const stopped = track(service.stop('SIGTERM'));
      const answers = await Promise.all(calls);
      expect(answers.map((d) => d.interruptClass)).toEqual(['none', 'none']);
      const result = await service.stop();
      expect(result).toEqual({ forced: false });
      expect(stopped.state()).toBe('done');
    } finally {
      client.close();
      service = undefined;
    }
  });
});
