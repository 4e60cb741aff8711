// Plain TypeScript types of the FLIC model, and the interfaces that the in-process device and the
// gRPC clients both implement (one interface, several backends). 64-bit fields are bigint.

// ---- Interrupts: struct kvm_s390_irq as a tagged union of the union members ---------------------

/** The io member (12 bytes at offset 8). */
export interface IoIrq {
  readonly kind: 'io';
  readonly type: bigint;
  readonly subchannelId: number;
  readonly subchannelNr: number;
  readonly ioIntParm: number;
  readonly ioIntWord: number;
}

/** The ext member (16 bytes): SERVICE, VIRTIO, PFAULT_DONE (and PFAULT_INIT). */
export interface ExtIrq {
  readonly kind: 'ext';
  readonly type: bigint;
  readonly extParams: number;
  readonly pad: number;
  readonly extParams2: bigint;
}

/** The mchk member (48 bytes). */
export interface MchkIrq {
  readonly kind: 'mchk';
  readonly type: bigint;
  readonly cr14: bigint;
  readonly mcic: bigint;
  readonly failingStorageAddress: bigint;
  readonly extDamageCode: number;
  readonly pad: number;
  /** 16 bytes (shorter is zero-padded on encode). */
  readonly fixedLogout: Uint8Array;
}

/** Any other union member, as its 64 raw bytes (types that are never floating). */
export interface RawIrq {
  readonly kind: 'raw';
  readonly type: bigint;
  /** Up to 64 bytes at offset 8 (shorter is zero-padded on encode). */
  readonly payload: Uint8Array;
}

/**
 * One interrupt record. The kernel reads the union member that `type` selects, so a record whose
 * `kind` does not match its type is read as the kernel would read those bytes.
 */
export type Irq = IoIrq | ExtIrq | MchkIrq | RawIrq;

// ---- VM configuration (spec §1.3) ---------------------------------------------------------------

export type KernelProfile = 'current' | 'original';
/** The two snapshot formats of ExportVm / ImportVm (docs/state.md). */
export type StateFormat = 'flic' | 'qemu';
export type AdapterMapMode = 'noop' | 'legacy' | 'tracked';

/** A range of guest memory, [start, start + size). Used by legacy/tracked MAP (spec §7.3). */
export interface GuestMemoryRange {
  readonly start: bigint;
  readonly size: bigint;
}

export interface VmConfig {
  /** AIS facility (facility 72 / KVM_CAP_S390_AIS). Default false. */
  readonly ais: boolean;
  /** The VM has a GISA (adapter-interruption virtualisation). Default false. */
  readonly gisa: boolean;
  /** User-controlled VM: APF groups fail with EINVAL. Default false. */
  readonly ucontrol: boolean;
  /** Protected (Secure Execution) guest: tracked MAP/UNMAP are no-ops. Default false. */
  readonly protected: boolean;
  /** KVM_MAX_VCPUS: sets the PFAULT_DONE limit (64 × maxVcpus). 1..255, default 255. */
  readonly maxVcpus: number;
  /** MAP/UNMAP generation (spec §7.3). Default 'noop'. */
  readonly adapterMapMode: AdapterMapMode;
  /** 'current' (default) or 'original' (the 2013 device, spec §11.3). */
  readonly profile: KernelProfile;
  /**
   * Guest memory for legacy/tracked MAP. Null (the default) means every non-zero address is
   * backed.
   */
  readonly guestMemory: readonly GuestMemoryRange[] | null;
}

// ---- Adapters and AIS ------------------------------------------------------------------------

/** struct kvm_s390_io_adapter, as ADAPTER_REGISTER takes it. */
export interface AdapterConfig {
  readonly id: number;
  /** Raw byte 0..255, not validated by the kernel (spec §6.4). */
  readonly isc: number;
  readonly maskable: boolean;
  readonly swap: boolean;
  /** Flag byte; bit 0x01 = KVM_S390_ADAPTER_SUPPRESSIBLE, other bits ignored. */
  readonly flags: number;
}

/** struct kvm_s390_io_adapter_req, as ADAPTER_MODIFY takes it. */
export interface AdapterRequest {
  readonly id: number;
  /** 1 = MASK, 2 = MAP, 3 = UNMAP; anything else is EINVAL. */
  readonly type: number;
  readonly mask: boolean;
  readonly addr: bigint;
}

/** struct kvm_s390_ais_all: MSB0 bit i of each mask belongs to ISC i. */
export interface AisMasks {
  readonly simm: number;
  readonly nimm: number;
}

// ---- The raw device-attribute call (spec §2.4) ------------------------------------------------

export interface AttrCall {
  readonly flags: number;
  readonly group: number;
  readonly attr: bigint;
  /** The bytes readable at addr (SET); ignored by GET and HAS. */
  readonly data: Uint8Array;
  /** Every access to addr faults (EFAULT). */
  readonly badAddr: boolean;
}

export interface AttrResult {
  /** The ioctl's return value (GET_ALL_IRQS: the record count). */
  readonly ret: number;
  /** GET: the bytes written at addr. Empty for SET and HAS. */
  readonly data: Uint8Array;
}

// ---- Read-only state --------------------------------------------------------------------------

/** A counter and the kernel limit it is checked against (an injection past it fails). */
export interface LimitedCounter {
  readonly count: number;
  readonly limit: number;
}

/**
 * The kernel's limits of one VM's queues. Current kernels: io is the counter all eight I/O queues
 * share, virtio and pfault (PFAULT_DONE) their own. The 2013 device (spec §11.3) has one list and
 * one limit for every kind, so all three show that list's count and limit.
 */
export interface QueueLimits {
  readonly io: LimitedCounter;
  readonly virtio: LimitedCounter;
  readonly pfault: LimitedCounter;
}

export interface AdapterState extends AdapterConfig {
  readonly suppressible: boolean;
  readonly masked: boolean;
  /** Guest addresses mapped (legacy / tracked map modes), in mapping order. */
  readonly mappings: readonly bigint[];
  /** legacy mode: the map counter, which rejected MAPs also use up (spec §7.3). */
  readonly mapCounter: number;
}

export interface ServiceState {
  /** SERVICE or SERVICE_EV pending: GET_ALL_IRQS reports one record. */
  readonly pending: boolean;
  readonly sccbPending: boolean;
  readonly eventPending: boolean;
  readonly extParams: number;
}

export interface MachineCheckState {
  readonly pending: boolean;
  readonly cr14: bigint;
  readonly mcic: bigint;
}

/** O(1) queue depths, as the metrics read them. */
export interface QueueDepths {
  /** Pending I/O interrupts per ISC 0..7 (the queues; GISA bits are separate). */
  readonly io: readonly number[];
  /** GISA interruption-pending bits set per ISC (0 or 1 each); all 0 without a GISA. */
  readonly gisa: readonly number[];
  readonly virtio: number;
  readonly pfault: number;
  /** 1 when a service record is pending. */
  readonly service: number;
  /** 1 when a floating machine check is pending. */
  readonly mchk: number;
  /** Records GET_ALL_IRQS would return now. */
  readonly total: number;
}

/** Monotonic per-VM totals, kept as the device works (never recounted). */
export interface FlicCounters {
  /** Accepted injections by class (ENQUEUE and AIRQ_INJECT). */
  injectedIo: number;
  injectedAdapter: number;
  injectedVirtio: number;
  injectedPfault: number;
  injectedService: number;
  injectedMchk: number;
  /** AIRQ_INJECT calls suppressed by AIS. */
  suppressed: number;
  /** Pending records removed by CLEAR_IRQS and CLEAR_IO_IRQ (and lost GISA bits). */
  cleared: number;
  /** Injections merged into an already pending record (service, machine check, GISA bit). */
  coalesced: number;
  /** TPI calls that dequeued an I/O interrupt, and those that found none. */
  tpiHits: number;
  tpiMisses: number;
  /** TSCH calls that dequeued an I/O interrupt, and those that found none. */
  tschHits: number;
  tschMisses: number;
  /** I/O interrupts put back by ReinjectIo. */
  reinjected: number;
  /**
   * Floating interrupts taken by Deliver, indexed by pending bit (I/O 3..10, external 11, 12, 13
   * on the 2013 device, 15, 16, machine check 24): IRQ_PEND_COUNT entries, or none before the first.
   */
  delivered: number[];
  /** Deliver answers LOCAL, indexed by the winning local bit (IRQ_PEND_COUNT entries, or none). */
  deliveredLocal: number[];
}

/**
 * A snapshot of one FLIC, with each list of interrupts as an L. Under the `original` profile the
 * 2013 device keeps a single list: `list` holds it in order and is the authority; `io`, `virtio`
 * and `pfaultDone` are views of it, and `service` / `machineCheck` only say whether such records
 * are pending (they are not merged).
 */
export interface FlicInspectionOf<L> {
  readonly profile: KernelProfile;
  readonly config: VmConfig;
  /** I/O queues ISC 0..7, oldest first (current profile). */
  readonly io: readonly L[];
  /** GISA IPM (MSB0 bit i = ISC i); null without a GISA. */
  readonly gisaIpm: number | null;
  readonly pfaultDone: L;
  readonly virtio: L;
  readonly service: ServiceState;
  readonly machineCheck: MachineCheckState;
  /** original profile: the single list in its order (the queues above are then views of it). */
  readonly list: L | null;
  readonly ais: AisMasks & { readonly facility: boolean };
  readonly adapters: readonly AdapterState[];
  readonly apfEnabled: boolean;
  readonly limits: QueueLimits;
  readonly depths: QueueDepths;
  readonly counters: Readonly<FlicCounters>;
  /** Pending bits held back from delivery (protected VMs: SERVICE, bit 15); 0 otherwise. */
  readonly maskedIrqs: number;
  /** The vCPU that most recently began waiting: where a wake-up scan starts (0 before any). */
  readonly waitScanStart: number;
}

// ---- Delivery (docs/delivery.md) ----------------------------------------------------------------

/** What flic needs of one vCPU to deliver to it (flic keeps no vCPU state). */
export interface CpuState {
  /** The first doubleword of the PSW. */
  readonly pswMask: bigint;
  readonly cr0: bigint;
  readonly cr6: bigint;
  readonly cr14: bigint;
  /** 0 .. maxVcpus - 1. */
  readonly cpuId: number;
  /** The vCPU's pending local interrupts as pending-word bits (0, 1, 2, 13, 18-21, 24, 25, 27). Default 0. */
  readonly localPending?: bigint;
  /** cr14 of a pending local machine check, applied as given. Default 0. */
  readonly localMchkCr14?: bigint;
  /** Protected vCPUs: the pending injection control, 0 (none) .. 4. Default 0. */
  readonly iictl?: number;
}

export type InterruptClass = 'none' | 'io' | 'external' | 'machineCheck' | 'local';

/** Bytes the kernel stores into lowcore (big-endian) at `offset`. */
export interface LowcoreStore {
  readonly offset: number;
  readonly data: Uint8Array;
}

/** What a vCPU took (or would take, for a dry run). */
export interface Delivery {
  readonly interruptClass: InterruptClass;
  /** The pending bit taken (16 = SERVICE_EV, 10 = ISC 0, the local bit for 'local'); 0 for 'none'. */
  readonly pendingBit: number;
  /**
   * The taken interrupt as a 72-byte kvm_s390_irq, type and payload as delivered; for 'local', the
   * floating machine check consumed with a local one. Empty when nothing floating was taken.
   */
  readonly record: Uint8Array;
  /** Non-protected vCPU: what the kernel stores into lowcore, in its order, PSW slots excluded. */
  readonly stores: readonly LowcoreStore[];
  /** Where the simulator stores the current PSW; 0 when no PSW swap happens. */
  readonly oldPswOffset: number;
  /** Where it loads the new PSW from; 0 when no PSW swap happens. */
  readonly newPswOffset: number;
}

export interface DeliverOptions {
  /** Answer what would be taken and change nothing (never waits). */
  readonly dryRun?: boolean;
  /**
   * Through a server only: wait up to this many milliseconds (0 .. 2^32 - 1) for something
   * deliverable when nothing is; the in-process device cannot wait (EINVAL for a non-zero value).
   */
  readonly waitMs?: number;
}

/** The snapshot as harnesses read it: every list as typed interrupts. */
export type FlicInspection = FlicInspectionOf<readonly Irq[]>;

/** The snapshot with every list as kernel records (72 bytes each), as the server encodes it. */
export type FlicInspectionRecords = FlicInspectionOf<Uint8Array>;

// ---- The interfaces every backend implements --------------------------------------------------

export type Awaitable<T> = T | Promise<T>;

/**
 * The FLIC of one VM: one method per attribute group and direction, plus the raw entry points.
 * The in-process Vm answers synchronously; the gRPC clients answer with promises. Failures are
 * KvmError in both.
 */
export interface FlicApi {
  /** KVM_CREATE_DEVICE. Resolves true when a device was created, false for a TEST create. */
  createDevice(type: number, flags?: number): Awaitable<boolean>;

  setAttr(call: AttrCall): Awaitable<AttrResult>;
  getAttr(call: AttrCall): Awaitable<AttrResult>;
  hasAttr(call: AttrCall): Awaitable<AttrResult>;

  /** Group 2. */
  enqueue(irqs: readonly Irq[]): Awaitable<void>;
  /** Group 1, with the caller's buffer length in bytes. */
  getAllIrqs(bufferLen: bigint): Awaitable<Irq[]>;
  /** Group 3. */
  clearIrqs(): Awaitable<void>;
  /** Group 8. */
  clearIoIrq(subchannelId: number, subchannelNr: number): Awaitable<void>;
  /** Group 4. */
  apfEnable(): Awaitable<void>;
  /** Group 5. */
  apfDisableWait(): Awaitable<void>;
  /** Group 6. */
  adapterRegister(adapter: AdapterConfig): Awaitable<void>;
  /** Group 7. */
  adapterModify(request: AdapterRequest): Awaitable<void>;
  /** Group 9. */
  aism(isc: number, mode: number): Awaitable<void>;
  /** Group 10. The id is the 64-bit attr; only its low 32 bits count. */
  airqInject(adapterId: bigint): Awaitable<void>;
  /** Group 11 GET, with the caller's buffer length (at least 2). */
  getAismAll(bufferLen?: bigint): Awaitable<AisMasks>;
  /** Group 11 SET. */
  setAismAll(masks: AisMasks): Awaitable<void>;

  inspect(): Awaitable<FlicInspection>;

  /** Delivery: the vCPU takes at most one floating interrupt (docs/delivery.md §1-§3). */
  deliver(cpu: CpuState, options?: DeliverOptions): Awaitable<Delivery>;
  /** TEST PENDING INTERRUPTION with CR6's ISC bits (ISC n: isc_mask & (0x80000000 >> n)); null: none. */
  tpi(iscMask: number): Awaitable<IoIrq | null>;
  /** TEST SUBCHANNEL: the schid word subchannel_id << 16 | subchannel_nr (0 dequeues nothing); null: none. */
  tsch(schid: number): Awaitable<IoIrq | null>;
  /** Put a dequeued I/O interrupt back, as a fresh injection (the tail of its queue). */
  reinjectIo(irq: IoIrq): Awaitable<void>;
  /** Protected VMs: the guest's SCLP-notification intercept (releases SERVICE). */
  pvSclpIntercept(): Awaitable<void>;
}

/** A place that holds VMs: the in-process registry, a server, or a sharded farm. */
export interface FlicHost {
  createVm(vmId: string, config?: Partial<VmConfig>): Awaitable<void>;
  deleteVm(vmId: string): Awaitable<void>;
  listVms(): Awaitable<string[]>;
  /** The FLIC API of one VM (no call is made until a method is used). */
  vm(vmId: string): FlicApi;
  /** The VM's state as a blob of that format, default 'flic' (docs/state.md); changes nothing. */
  exportVm(vmId: string, format?: StateFormat): Awaitable<Uint8Array>;
  /** 'flic' (default): creates vmId from the blob. 'qemu': loads into the existing vmId, as QEMU does. */
  importVm(vmId: string, state: Uint8Array, format?: StateFormat): Awaitable<void>;
}
