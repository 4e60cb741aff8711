// The adapter table (spec §3.6, §3.7, §7): 64 slots, registration only grows it, and MAP/UNMAP
// behave as one of three kernel generations chosen per VM. `version` moves with every change,
// including the legacy map counter that a failing MAP uses up.

import {
  KVM_DEV_FLIC_ADAPTER_MODIFY,
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_S390_ADAPTER_SUPPRESSIBLE,
  KVM_S390_IO_ADAPTER_MAP,
  KVM_S390_IO_ADAPTER_MASK,
  KVM_S390_IO_ADAPTER_UNMAP,
  MAX_S390_ADAPTER_MAPS,
  MAX_S390_IO_ADAPTERS,
  groupName,
} from '../abi/index.js';
import { KvmError } from '../errno.js';
import type { AdapterConfig, AdapterRequest, AdapterState, VmConfig } from '../types.js';

const REGISTER = groupName(KVM_DEV_FLIC_ADAPTER_REGISTER);
const MODIFY = groupName(KVM_DEV_FLIC_ADAPTER_MODIFY);

export interface Adapter {
  readonly id: number;
  readonly isc: number;
  readonly maskable: boolean;
  readonly swap: boolean;
  readonly flags: number;
  readonly suppressible: boolean;
  masked: boolean;
  /** Guest addresses, in mapping order (legacy / tracked). */
  readonly mappings: bigint[];
  /** legacy: the kernel's map counter, which a rejected MAP increments and never gives back. */
  mapCounter: number;
}

function adapterOf(a: AdapterConfig, masked: boolean, mappings: bigint[], mapCounter: number): Adapter {
  const { id, isc, maskable, swap, flags } = a;
  return { id, isc, maskable, swap, flags, suppressible: (flags & KVM_S390_ADAPTER_SUPPRESSIBLE) !== 0, masked, mappings, mapCounter };
}

export class AdapterTable {
  /** Allocated on the first registration: most VMs never register an adapter. */
  private slots: (Adapter | undefined)[] | null = null;
  private registered = 0;
  private changes = 0;

  constructor(private readonly config: VmConfig) {}

  get count(): number {
    return this.registered;
  }

  /** Grows with every change of the table (what the owning state adds to its own changes). */
  get version(): number {
    return this.changes;
  }

  register(a: AdapterConfig): void {
    if (a.id >= MAX_S390_IO_ADAPTERS) {
      throw new KvmError('EINVAL', REGISTER, `adapter id ${a.id} is not below ${MAX_S390_IO_ADAPTERS}`);
    }
    const slots = (this.slots ??= new Array<Adapter | undefined>(MAX_S390_IO_ADAPTERS));
    if (slots[a.id] !== undefined) {
      throw new KvmError('EINVAL', REGISTER, `adapter id ${a.id} is already registered`);
    }
    slots[a.id] = adapterOf(a, false, [], 0);
    this.registered++;
    this.changes++;
  }

  /** Adapters as states() gave them, into an empty table (a snapshot's, already checked). */
  restore(states: readonly AdapterState[]): void {
    for (const a of states) {
      const slots = (this.slots ??= new Array<Adapter | undefined>(MAX_S390_IO_ADAPTERS));
      slots[a.id] = adapterOf(a, a.masked, a.mappings.slice(), a.mapCounter);
      this.registered++;
    }
  }

  /** The adapter with that id, or undefined (ids of 64 and above never exist). */
  find(id: number): Readonly<Adapter> | undefined {
    return this.slot(id);
  }

  private slot(id: number): Adapter | undefined {
    return id < MAX_S390_IO_ADAPTERS ? this.slots?.[id] : undefined;
  }

  modify(r: AdapterRequest): void {
    const a = this.slot(r.id);
    if (a === undefined) throw new KvmError('EINVAL', MODIFY, `no adapter with id ${r.id}`);
    switch (r.type) {
      case KVM_S390_IO_ADAPTER_MASK:
        if (!a.maskable) throw new KvmError('EINVAL', MODIFY, `adapter ${r.id} is not maskable`);
        if (a.masked !== r.mask) this.changes++;
        a.masked = r.mask;
        return;
      case KVM_S390_IO_ADAPTER_MAP:
        this.map(a, r.addr);
        return;
      case KVM_S390_IO_ADAPTER_UNMAP:
        this.unmap(a, r.addr);
        return;
      default:
        throw new KvmError('EINVAL', MODIFY, `unknown operation type ${r.type}`);
    }
  }

  states(): AdapterState[] {
    const out: AdapterState[] = [];
    for (const a of this.slots ?? []) {
      if (a === undefined) continue;
      const { id, isc, maskable, swap, flags, suppressible, masked, mapCounter } = a;
      out.push({ id, isc, maskable, swap, flags, suppressible, masked, mapCounter, mappings: a.mappings.slice() });
    }
    return out;
  }

  private map(a: Adapter, addr: bigint): void {
    const mode = this.config.adapterMapMode;
    if (mode === 'noop') return;
    if (mode === 'tracked' && this.config.protected) return;
    if (addr === 0n) throw new KvmError('EINVAL', MODIFY, 'MAP of guest address 0');
    if (!this.isGuestMemory(addr)) {
      throw new KvmError('EFAULT', MODIFY, `guest address 0x${addr.toString(16)} is not backed by guest memory`);
    }
    if (mode === 'legacy') {
      // The legacy kernel counts the attempt before the limit check and never gives it back.
      a.mapCounter++;
      this.changes++;
      if (a.mapCounter >= MAX_S390_ADAPTER_MAPS) {
        throw new KvmError('EINVAL', MODIFY, `adapter ${a.id} map counter reached ${MAX_S390_ADAPTER_MAPS}`);
      }
    } else if (a.mappings.length >= MAX_S390_ADAPTER_MAPS) {
      throw new KvmError('EINVAL', MODIFY, `adapter ${a.id} already has ${MAX_S390_ADAPTER_MAPS} mappings`);
    }
    a.mappings.push(addr);
    this.changes++;
  }

  private unmap(a: Adapter, addr: bigint): void {
    const mode = this.config.adapterMapMode;
    if (mode === 'noop') return;
    if (mode === 'tracked' && this.config.protected) return;
    if (addr === 0n) throw new KvmError('EINVAL', MODIFY, 'UNMAP of guest address 0');
    const i = a.mappings.indexOf(addr);
    if (i < 0) {
      const detail = `guest address 0x${addr.toString(16)} is not mapped on adapter ${a.id}`;
      throw new KvmError(mode === 'tracked' ? 'ENOENT' : 'EINVAL', MODIFY, detail);
    }
    a.mappings.splice(i, 1);
    if (mode === 'legacy') a.mapCounter--;
    this.changes++;
  }

  private isGuestMemory(addr: bigint): boolean {
    const ranges = this.config.guestMemory;
    if (ranges === null) return true;
    return ranges.some((r) => addr >= r.start && addr < r.start + r.size);
  }
}
