// A call that changed a VM, as the state directory journals it (docs/state.md, "The journal").
// The Vm and the VmRegistry decide in one place whether a call changed anything (the engine's
// change counter moved, or a VM was created, imported or deleted) and then hand the call to the
// recorder as one of these, in the order the changes happened. Replaying them through the same
// entry points (replay.ts) reproduces the state exactly: the device is deterministic.
import type { AttrCall, CpuState, IoIrq, Irq, VmConfig } from '../types.js';

export type VmChange =
  | { readonly op: 'createVm'; readonly config: VmConfig }
  | { readonly op: 'deleteVm' }
  /** A FLIC-format blob that ImportVm created the VM from. */
  | { readonly op: 'importVm'; readonly state: Uint8Array }
  | { readonly op: 'createDevice'; readonly type: number; readonly flags: number }
  /** The raw SET every attribute call makes (the typed ones included, as their kernel bytes). */
  | { readonly op: 'setAttr'; readonly call: AttrCall }
  /**
   * A typed ENQUEUE, recorded as its records: a recorder must take them at once (the caller may
   * reuse them); a journal writes them as the raw SET of their bytes, and replays that.
   */
  | { readonly op: 'enqueue'; readonly irqs: readonly Irq[] }
  /** A GET that changed state: GET_ALL_IRQS taking (or losing) GISA bits. */
  | { readonly op: 'getAttr'; readonly call: AttrCall }
  | { readonly op: 'deliver'; readonly cpu: CpuState }
  | { readonly op: 'tpi'; readonly iscMask: number }
  | { readonly op: 'tsch'; readonly schid: number }
  | { readonly op: 'reinjectIo'; readonly irq: IoIrq }
  | { readonly op: 'pvSclpIntercept' }
  | { readonly op: 'beginWait'; readonly cpuId: number };

export type VmChangeOp = VmChange['op'];

/**
 * Told of every change, synchronously, in order. The change refers to the call's own arguments
 * (records, bytes at addr): a recorder that keeps it beyond the call must copy what it keeps.
 */
export interface ChangeRecorder {
  record(vmId: string, change: VmChange): void;
}

/** Where the VMs of one registry send their changes; shared, so one assignment reaches them all. */
export interface ChangeLink {
  recorder: ChangeRecorder | null;
}
