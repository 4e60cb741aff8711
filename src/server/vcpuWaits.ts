// vCPUs in an enabled wait (docs/delivery.md §5, issue 15): a Deliver with wait_ms that finds
// nothing deliverable waits here until something it can take arrives, the time is up, the caller
// cancels, its VM is deleted or the server stops. The device stays synchronous: it says when a
// call made something pending (Vm's arrival listener), and the waiters of that VM then take one
// interrupt each, in the kernel's scan order: upward from the vCPU that most recently began
// waiting, wrapping around. A wait changes VM state when it begins (the scan position).

import { KvmError } from '../device/errno.js';
import { NO_DELIVERY, OP_DELIVER, OP_VM, type Vm } from '../device/index.js';
import type { CpuState, Delivery } from '../device/types.js';

/** What a waiting call needs of its gRPC call: whether, and when, the caller cancels. */
export interface Cancellable {
  readonly cancelled: boolean;
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
}

/** setTimeout's longest delay; wait_ms goes up to 2^32 - 1, so longer waits re-arm. */
const MAX_TIMER_MS = 0x7fffffff;

interface Waiter {
  readonly vm: Vm;
  readonly cpu: CpuState;
  readonly resolve: (d: Delivery) => void;
  readonly reject: (err: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  call: Cancellable | undefined;
  readonly onCancel: () => void;
}

export class VcpuWaits {
  private readonly byVm = new Map<Vm, Map<number, Waiter>>();
  private count = 0;
  private stopped = false;
  private readonly onArrival = (vm: Vm): void => this.dispatch(vm);

  /** vCPUs waiting now, over all VMs. */
  get waiting(): number {
    return this.count;
  }

  /**
   * Deliver, waiting up to `waitMs` when nothing is deliverable (never for a dry run, nor once
   * the server stops). A second wait of a waiting vCPU is EBUSY, after the request's own checks.
   */
  deliver(vm: Vm, cpu: CpuState, dryRun: boolean, waitMs: number, call?: Cancellable): Delivery | Promise<Delivery> {
    if (waitMs === 0 || dryRun) return vm.deliver(cpu, { dryRun });
    if (this.byVm.get(vm)?.has(cpu.cpuId) === true) {
      // A dry run makes the request's own checks (EINVAL before EBUSY) and changes nothing.
      vm.deliver(cpu, { dryRun: true });
      throw new KvmError('EBUSY', OP_DELIVER, `vCPU ${cpu.cpuId} of VM ${vm.id} is already waiting`);
    }
    const now = vm.deliver(cpu);
    if (now.interruptClass !== 'none' || this.stopped || call?.cancelled === true) return now;
    return this.wait(vm, cpu, waitMs, call);
  }

  /** SIGTERM: every wait ends now with nothing taken, and later waits do not begin. */
  stop(): void {
    this.stopped = true;
    for (const waiters of [...this.byVm.values()]) for (const w of [...waiters.values()]) this.finish(w, NO_DELIVERY);
  }

  /** The VM is gone: its waiting calls fail with ENOENT. */
  vmDeleted(vm: Vm): void {
    const waiters = this.byVm.get(vm);
    if (waiters === undefined) return;
    for (const w of [...waiters.values()]) {
      this.fail(w, new KvmError('ENOENT', OP_VM, `VM ${vm.id} was deleted while vCPU ${w.cpu.cpuId} waited`));
    }
  }

  private wait(vm: Vm, cpu: CpuState, waitMs: number, call: Cancellable | undefined): Promise<Delivery> {
    vm.beginWait(cpu.cpuId);
    let waiters = this.byVm.get(vm);
    if (waiters === undefined) {
      waiters = new Map();
      this.byVm.set(vm, waiters);
      vm.setArrivalListener(this.onArrival);
    }
    const vmWaiters = waiters;
    return new Promise<Delivery>((resolve, reject) => {
      const w: Waiter = {
        vm,
        cpu,
        resolve,
        reject,
        timer: undefined,
        call,
        onCancel: () => this.finish(w, NO_DELIVERY),
      };
      vmWaiters.set(cpu.cpuId, w);
      this.count++;
      this.arm(w, waitMs);
      call?.on('cancelled', w.onCancel);
    });
  }

  private arm(w: Waiter, ms: number): void {
    const step = Math.min(ms, MAX_TIMER_MS);
    w.timer = setTimeout(() => {
      if (ms > step) this.arm(w, ms - step);
      else this.finish(w, NO_DELIVERY);
    }, step);
    w.timer.unref();
  }

  /**
   * Something arrived on `vm`: each waiter, in scan order, takes what it can (one interrupt at
   * most); the ones that can take nothing go on waiting. Giving each waiter its own highest
   * deliverable interrupt in scan order is the same as giving each interrupt, highest first, to
   * the first waiter that can take it (docs/delivery.md §5).
   */
  private dispatch(vm: Vm): void {
    const waiters = this.byVm.get(vm);
    if (waiters === undefined) return;
    const n = vm.config.maxVcpus;
    const start = vm.waitScanStart;
    const rank = (w: Waiter): number => (w.cpu.cpuId - start + n) % n;
    const order = [...waiters.values()].sort((a, b) => rank(a) - rank(b));
    for (const w of order) {
      let d: Delivery;
      try {
        d = vm.deliver(w.cpu);
      } catch (err) {
        this.fail(w, err);
        continue;
      }
      if (d.interruptClass !== 'none') this.finish(w, d);
    }
  }

  private finish(w: Waiter, d: Delivery): void {
    if (this.remove(w)) w.resolve(d);
  }

  private fail(w: Waiter, err: unknown): void {
    if (this.remove(w)) w.reject(err);
  }

  /** False when the waiter had already ended. */
  private remove(w: Waiter): boolean {
    const waiters = this.byVm.get(w.vm);
    if (waiters?.get(w.cpu.cpuId) !== w) return false;
    waiters.delete(w.cpu.cpuId);
    if (waiters.size === 0) {
      this.byVm.delete(w.vm);
      w.vm.setArrivalListener(null);
    }
    this.count--;
    clearTimeout(w.timer);
    w.call?.removeListener('cancelled', w.onCancel);
    w.call = undefined;
    return true;
  }
}
