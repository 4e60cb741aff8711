// The VMs of one process (design §2): create, look up, delete, list, and a limit on the count;
// ExportVm and ImportVm (docs/state.md); and the change recorder that a state directory journals
// with, which sees every VM's changes and the creations, imports and deletions here.
import { OP_IMPORT_VM, OP_VM } from './abi/index.js';
import { addCounters, copyCounters, newCounters } from './counters.js';
import { KvmError } from './errno.js';
import { PendingBudget } from './pendingBudget.js';
import { decodeFlicState } from './state/flicFormat.js';
import type { ChangeLink, ChangeRecorder } from './state/vmChange.js';
import type { FlicCounters, FlicHost, StateFormat, VmConfig } from './types.js';
import { Vm } from './vm.js';
import { resolveVmConfig } from './vmConfig.js';

/** Default VM limit: 100,000 idle VMs fit in about 200 MB. */
export const DEFAULT_MAX_VMS = 100_000;
/** VM ids travel in the `flic-vm-id` header and in metric labels: printable ASCII, no spaces. */
export const VM_ID_MAX_LENGTH = 128;
const VM_ID_PATTERN = /^[\x21-\x7e]+$/;

export interface VmRegistryOptions {
  readonly maxVms?: number;
  /**
   * Bytes that the pending interrupts of all VMs together may hold (pendingBudget.ts); an
   * injection that would need more fails with ENOMEM. Absent: no budget and no accounting.
   */
  readonly maxPendingBytes?: number;
}

export function validateVmId(id: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new KvmError('EINVAL', OP_VM, 'vm_id must not be empty');
  if (id.length > VM_ID_MAX_LENGTH) {
    throw new KvmError('EINVAL', OP_VM, `vm_id is ${id.length} characters long, the limit is ${VM_ID_MAX_LENGTH}`);
  }
  if (!VM_ID_PATTERN.test(id)) {
    throw new KvmError('EINVAL', OP_VM, 'vm_id must be printable ASCII without spaces');
  }
  return id;
}

export class VmRegistry implements FlicHost, Iterable<Vm> {
  private readonly vms = new Map<string, Vm>();
  private retired: FlicCounters = newCounters();
  private readonly changes: ChangeLink = { recorder: null };
  readonly maxVms: number;
  /** The pending-interrupt budget, or null when the registry has none. */
  readonly pendingBudget: PendingBudget | null;

  constructor(options: VmRegistryOptions = {}) {
    const maxVms = options.maxVms ?? DEFAULT_MAX_VMS;
    if (!Number.isInteger(maxVms) || maxVms < 1) throw new RangeError(`maxVms must be a positive integer, got ${maxVms}`);
    this.maxVms = maxVms;
    this.pendingBudget = options.maxPendingBytes === undefined ? null : new PendingBudget(options.maxPendingBytes);
  }

  /** Who is told of every change of every VM, in order (a state directory's journal); null: nobody. */
  setChangeRecorder(recorder: ChangeRecorder | null): void {
    this.changes.recorder = recorder;
  }

  createVm(vmId: string, config: Partial<VmConfig> = {}): void {
    this.requireRoom(vmId);
    const resolved = resolveVmConfig(config);
    this.vms.set(vmId, new Vm(vmId, resolved, { changes: this.changes, budget: this.pendingBudget }));
    this.changes.recorder?.record(vmId, { op: 'createVm', config: resolved });
  }

  deleteVm(vmId: string): void {
    const vm = this.get(vmId);
    if (vm.flic !== null) addCounters(this.retired, vm.flic.counters);
    this.vms.delete(vmId);
    vm.release();
    this.changes.recorder?.record(vmId, { op: 'deleteVm' });
  }

  /** The VM's state as a blob of that format (docs/state.md); changes nothing. */
  exportVm(vmId: string, format: StateFormat = 'flic'): Uint8Array {
    return this.get(vmId).exportState(format);
  }

  /**
   * FLIC format: creates `vmId` from the blob, answering afterwards exactly as the exported VM did
   * (EINVAL for a bad id, EEXIST, ENOSPC, all before the blob is read; then EINVAL for a blob that is
   * malformed or holds a state no kernel could, creating nothing). QEMU format: loads into the
   * existing VM `vmId` as QEMU's kvm_flic_load does (Vm.loadQemuState).
   */
  importVm(vmId: string, state: Uint8Array, format: StateFormat = 'flic'): void {
    if (format === 'qemu') {
      this.get(vmId).loadQemuState(state);
      return;
    }
    if (format !== 'flic') throw new KvmError('EINVAL', OP_IMPORT_VM, `unknown state format ${String(format)}`);
    this.requireRoom(vmId);
    const image = decodeFlicState(state);
    this.vms.set(vmId, new Vm(vmId, image.config, { flic: image.flic, changes: this.changes, budget: this.pendingBudget }));
    this.changes.recorder?.record(vmId, { op: 'importVm', state });
  }

  /** A new VM may take this id: EINVAL, EEXIST, ENOSPC otherwise. */
  private requireRoom(vmId: string): void {
    validateVmId(vmId);
    if (this.vms.has(vmId)) throw new KvmError('EEXIST', OP_VM, `VM ${vmId} already exists`);
    if (this.vms.size >= this.maxVms) {
      throw new KvmError('ENOSPC', OP_VM, `this process holds its limit of ${this.maxVms} VMs`);
    }
  }

  /** Totals of deleted VMs, so that summed counters stay monotonic (live object: read, do not write). */
  get retiredCounters(): Readonly<FlicCounters> {
    return this.retired;
  }

  /** The retired totals a snapshot kept, so that they stay monotonic across a restart. */
  restoreRetiredCounters(counters: Readonly<FlicCounters>): void {
    this.retired = copyCounters(counters);
  }

  listVms(): string[] {
    return [...this.vms.keys()];
  }

  get(vmId: string): Vm {
    const vm = this.vms.get(vmId);
    if (vm === undefined) {
      validateVmId(vmId);
      throw new KvmError('ENOENT', OP_VM, `no VM ${vmId}`);
    }
    return vm;
  }

  vm(vmId: string): Vm {
    return this.get(vmId);
  }

  get size(): number {
    return this.vms.size;
  }

  values(): IterableIterator<Vm> {
    return this.vms.values();
  }

  [Symbol.iterator](): IterableIterator<Vm> {
    return this.vms.values();
  }
}
