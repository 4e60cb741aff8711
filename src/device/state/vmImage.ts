// A VM's whole state as plain data: what a FLIC-format snapshot holds (docs/state.md). The state
// modules produce it (capture) and take it back (restore); the codec turns it into bytes and back;
// the check decides whether a kernel could hold it. Queues are kept as the 72-byte records
// GET_ALL_IRQS would write for them, so the image needs no types of its own for interrupts.
import type { AdapterState, AisMasks, FlicCounters, MachineCheckState, VmConfig } from '../types.js';

/** The merged service signal exactly as it is held (spec §4.3). */
export interface ServiceImage {
  readonly word: number;
  readonly sccbPending: boolean;
  readonly eventPending: boolean;
}

/** Everything a current kernel's FLIC holds (src/device/current/currentState.ts). */
export interface CurrentImage {
  readonly profile: 'current';
  /** The I/O queues as 72-byte records: ISC 0 first, each oldest first. */
  readonly io: Uint8Array;
  /** The GISA IPM (0 without a GISA). */
  readonly gisaIpm: number;
  /** PFAULT_DONE, oldest first, 72-byte records. */
  readonly pfaultDone: Uint8Array;
  /** VIRTIO, oldest first, 72-byte records. */
  readonly virtio: Uint8Array;
  readonly service: ServiceImage;
  readonly machineCheck: MachineCheckState;
  readonly ais: AisMasks;
  /** Registered adapters, by ascending id. */
  readonly adapters: readonly AdapterState[];
  readonly apfEnabled: boolean;
  readonly maskedIrqs: number;
  readonly waitScanStart: number;
  readonly counters: Readonly<FlicCounters>;
}

/** Everything the 2013 FLIC holds (src/device/original/originalState.ts). */
export interface OriginalImage {
  readonly profile: 'original';
  /** The one list in its order, 72-byte records as GET_ALL_IRQS copies them. */
  readonly list: Uint8Array;
  readonly counters: Readonly<FlicCounters>;
}

export type EngineImage = CurrentImage | OriginalImage;

export interface VmImage {
  readonly config: VmConfig;
  /** null: the VM has no FLIC yet (KVM_CREATE_DEVICE was never called). */
  readonly flic: EngineImage | null;
}
