// A VM whose owner changes while a farm's replica list changes (docs/state.md, "Rebalancing"): the
// old owner holds it until the move deletes it there, so every call goes to the old owner first
// and only to the new one when the old one answers that the VM does not exist (ENOENT of the VM,
// not of an adapter mapping). A rebalance deletes the old copy only if it is still the state it
// copied (DeleteVm's expected_state_sha256), so a call that reached the old owner is never lost.
// A VM moved fenced is on neither owner for a moment (deleted, not yet imported): a call that
// finds it on neither tries again for up to `transitMs` before it answers ENOENT.
import { OP_VM } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AisMasks,
  AttrCall,
  AttrResult,
  CpuState,
  Delivery,
  FlicApi,
  FlicInspection,
  IoIrq,
  Irq,
} from '../device/types.js';
import type { RemoteDeliverOptions, RemoteVm } from './remoteVm.js';

/** What a ShardedFlicClient hands out for a VM: a RemoteVm, or a MovingVm during a move. */
export type ShardedVm = Pick<RemoteVm, keyof RemoteVm>;

/** ENOENT of the VM itself (group VM): the replica does not hold it. */
export function isVmMissing(err: unknown): boolean {
  return err instanceof KvmError && err.errnoName === 'ENOENT' && err.group === OP_VM;
}

/** How long a call waits for a VM in transit (on neither owner) by default. */
export const DEFAULT_TRANSIT_MS = 3000;
const FIRST_RETRY_MS = 2;
const LONGEST_RETRY_MS = 100;

/** `call` on the old owner while it holds the VM, else on the new one; waits out a VM in transit. */
export async function routeMoving<C, T>(from: C, to: C, call: (owner: C) => Promise<T>, transitMs: number): Promise<T> {
  const deadline = Date.now() + transitMs;
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
    try {
      return await call(from);
    } catch (err) {
      if (!isVmMissing(err)) throw err;
    }
    try {
      return await call(to);
    } catch (err) {
      if (!isVmMissing(err) || Date.now() >= deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export class MovingVm implements FlicApi, ShardedVm {
  constructor(
    private readonly from: RemoteVm,
    private readonly to: RemoteVm,
    private readonly transitMs: number = DEFAULT_TRANSIT_MS,
  ) {}

  get id(): string {
    return this.to.id;
  }

  private route<T>(call: (vm: RemoteVm) => Promise<T>): Promise<T> {
    return routeMoving(this.from, this.to, call, this.transitMs);
  }

  createDevice(type: number, flags?: number): Promise<boolean> {
    return this.route((vm) => vm.createDevice(type, flags));
  }
  setAttr(call: AttrCall): Promise<AttrResult> {
    return this.route((vm) => vm.setAttr(call));
  }
  getAttr(call: AttrCall): Promise<AttrResult> {
    return this.route((vm) => vm.getAttr(call));
  }
  hasAttr(call: AttrCall): Promise<AttrResult> {
    return this.route((vm) => vm.hasAttr(call));
  }
  enqueue(irqs: readonly Irq[]): Promise<void> {
    return this.route((vm) => vm.enqueue(irqs));
  }
  getAllIrqs(bufferLen?: bigint): Promise<Irq[]> {
    return this.route((vm) => vm.getAllIrqs(bufferLen));
  }
  readAllIrqs(firstGuess?: bigint): Promise<Irq[]> {
    return this.route((vm) => vm.readAllIrqs(firstGuess));
  }
  clearIrqs(): Promise<void> {
    return this.route((vm) => vm.clearIrqs());
  }
  clearIoIrq(subchannelId: number, subchannelNr: number): Promise<void> {
    return this.route((vm) => vm.clearIoIrq(subchannelId, subchannelNr));
  }
  apfEnable(): Promise<void> {
    return this.route((vm) => vm.apfEnable());
  }
  apfDisableWait(): Promise<void> {
    return this.route((vm) => vm.apfDisableWait());
  }
  adapterRegister(adapter: AdapterConfig): Promise<void> {
    return this.route((vm) => vm.adapterRegister(adapter));
  }
  adapterModify(request: AdapterRequest): Promise<void> {
    return this.route((vm) => vm.adapterModify(request));
  }
  aism(isc: number, mode: number): Promise<void> {
    return this.route((vm) => vm.aism(isc, mode));
  }
  airqInject(adapterId: bigint): Promise<void> {
    return this.route((vm) => vm.airqInject(adapterId));
  }
  getAismAll(bufferLen?: bigint): Promise<AisMasks> {
    return this.route((vm) => vm.getAismAll(bufferLen));
  }
  setAismAll(masks: AisMasks): Promise<void> {
    return this.route((vm) => vm.setAismAll(masks));
  }
  inspect(): Promise<FlicInspection> {
    return this.route((vm) => vm.inspect());
  }
  /** A wait on the old owner that the move ends (ENOENT) goes on waiting on the new one. */
  deliver(cpu: CpuState, options?: RemoteDeliverOptions): Promise<Delivery> {
    return this.route((vm) => vm.deliver(cpu, options));
  }
  tpi(iscMask: number): Promise<IoIrq | null> {
    return this.route((vm) => vm.tpi(iscMask));
  }
  tsch(schid: number): Promise<IoIrq | null> {
    return this.route((vm) => vm.tsch(schid));
  }
  reinjectIo(irq: IoIrq): Promise<void> {
    return this.route((vm) => vm.reinjectIo(irq));
  }
  pvSclpIntercept(): Promise<void> {
    return this.route((vm) => vm.pvSclpIntercept());
  }
}
