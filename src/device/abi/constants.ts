// The kernel's FLIC numbers (docs/semantics.md §1.4, §2.1, §4.1): limits, attribute groups and
// their names, interrupt type codes, adapter and AIS constants, and the sizes of the structures
// that cross the device-attribute interface. Every hardware number of the model is named here.

// ---- Device creation (kvm_create_device) -------------------------------------------------------

export const KVM_DEV_TYPE_FLIC = 6;
/** KVM_CREATE_DEVICE flag: only test whether the type exists. */
export const KVM_CREATE_DEVICE_TEST = 1;

// ---- Limits (§1.4) -----------------------------------------------------------------------------

export const KVM_S390_IRQ_SIZE = 72;
export const KVM_S390_FLIC_MAX_BUFFER = 0x2000000;
/** Shared limit of all eight I/O queues. */
export const KVM_S390_MAX_FLOAT_IRQS = 266250;
export const KVM_S390_MAX_VIRTIO_IRQS = 87381;
/** PFAULT_DONE limit is ASYNC_PF_PER_VCPU × KVM_MAX_VCPUS. */
export const ASYNC_PF_PER_VCPU = 64;
/** KVM_MAX_VCPUS of current kernels (248 in the ESCA era, 64 before). */
export const KVM_MAX_VCPUS = 255;
export const MAX_ISC = 7;
export const ISC_COUNT = MAX_ISC + 1;
export const MAX_S390_IO_ADAPTERS = (MAX_ISC + 1) * 8;
export const MAX_S390_ADAPTER_MAPS = 256;
/** The 2013 device's single list limit (§11.3); its overflow errno is EINVAL. */
export const ORIGINAL_MAX_FLOAT_IRQS = KVM_S390_MAX_FLOAT_IRQS;

// ---- Attribute groups (§2.1) -------------------------------------------------------------------

export const KVM_DEV_FLIC_GET_ALL_IRQS = 1;
export const KVM_DEV_FLIC_ENQUEUE = 2;
export const KVM_DEV_FLIC_CLEAR_IRQS = 3;
export const KVM_DEV_FLIC_APF_ENABLE = 4;
export const KVM_DEV_FLIC_APF_DISABLE_WAIT = 5;
export const KVM_DEV_FLIC_ADAPTER_REGISTER = 6;
export const KVM_DEV_FLIC_ADAPTER_MODIFY = 7;
export const KVM_DEV_FLIC_CLEAR_IO_IRQ = 8;
export const KVM_DEV_FLIC_AISM = 9;
export const KVM_DEV_FLIC_AIRQ_INJECT = 10;
export const KVM_DEV_FLIC_AISM_ALL = 11;

export const FLIC_GROUP_NAMES: Readonly<Record<number, string>> = {
  [KVM_DEV_FLIC_GET_ALL_IRQS]: 'KVM_DEV_FLIC_GET_ALL_IRQS',
  [KVM_DEV_FLIC_ENQUEUE]: 'KVM_DEV_FLIC_ENQUEUE',
  [KVM_DEV_FLIC_CLEAR_IRQS]: 'KVM_DEV_FLIC_CLEAR_IRQS',
  [KVM_DEV_FLIC_APF_ENABLE]: 'KVM_DEV_FLIC_APF_ENABLE',
  [KVM_DEV_FLIC_APF_DISABLE_WAIT]: 'KVM_DEV_FLIC_APF_DISABLE_WAIT',
  [KVM_DEV_FLIC_ADAPTER_REGISTER]: 'KVM_DEV_FLIC_ADAPTER_REGISTER',
  [KVM_DEV_FLIC_ADAPTER_MODIFY]: 'KVM_DEV_FLIC_ADAPTER_MODIFY',
  [KVM_DEV_FLIC_CLEAR_IO_IRQ]: 'KVM_DEV_FLIC_CLEAR_IO_IRQ',
  [KVM_DEV_FLIC_AISM]: 'KVM_DEV_FLIC_AISM',
  [KVM_DEV_FLIC_AIRQ_INJECT]: 'KVM_DEV_FLIC_AIRQ_INJECT',
  [KVM_DEV_FLIC_AISM_ALL]: 'KVM_DEV_FLIC_AISM_ALL',
};

export const FLIC_GROUP_MIN = KVM_DEV_FLIC_GET_ALL_IRQS;
export const FLIC_GROUP_MAX = KVM_DEV_FLIC_AISM_ALL;

/** The name used in error texts for a group number, known or not. */
export function groupName(group: number): string {
  return FLIC_GROUP_NAMES[group] ?? `KVM_DEV_FLIC_GROUP_${group}`;
}

/** Whether a group number is one of the kernel's (its SET/GET may still be unsupported). */
export function isKnownGroup(group: number): boolean {
  return FLIC_GROUP_NAMES[group] !== undefined;
}

/** Names for errors that do not come from an attribute group. */
export const OP_CREATE_DEVICE = 'KVM_CREATE_DEVICE';
export const OP_HAS_DEVICE_ATTR = 'KVM_HAS_DEVICE_ATTR';
export const OP_VM = 'VM';
/** Delivery to a vCPU and the instructions that dequeue (docs/delivery.md): not attribute groups. */
export const OP_DELIVER = 'DELIVER';
export const OP_TPI = 'TPI';
export const OP_TSCH = 'TSCH';
export const OP_REINJECT_IO = 'REINJECT_IO';
export const OP_PV_SCLP_INTERCEPT = 'PV_SCLP_INTERCEPT';
/** Snapshots (docs/state.md): what a failing ExportVm or ImportVm names as its group. */
export const OP_EXPORT_VM = 'EXPORT_VM';
export const OP_IMPORT_VM = 'IMPORT_VM';
/** Every operation name above: with FLIC_GROUP_NAMES, every group a KvmError can name (a closed set). */
export const OPERATION_NAMES: readonly string[] = [
  OP_CREATE_DEVICE,
  OP_HAS_DEVICE_ATTR,
  OP_VM,
  OP_DELIVER,
  OP_TPI,
  OP_TSCH,
  OP_REINJECT_IO,
  OP_PV_SCLP_INTERCEPT,
  OP_EXPORT_VM,
  OP_IMPORT_VM,
];

// ---- Adapters and AIS (§1.4, §3.6-3.11) ----------------------------------------------------------

export const KVM_S390_ADAPTER_SUPPRESSIBLE = 0x01;
export const KVM_S390_IO_ADAPTER_MASK = 1;
export const KVM_S390_IO_ADAPTER_MAP = 2;
export const KVM_S390_IO_ADAPTER_UNMAP = 3;
export const KVM_S390_AIS_MODE_ALL = 0;
export const KVM_S390_AIS_MODE_SINGLE = 1;

// ---- Structure sizes ---------------------------------------------------------------------------

export const KVM_S390_IO_ADAPTER_SIZE = 8;
export const KVM_S390_IO_ADAPTER_REQ_SIZE = 16;
export const KVM_S390_AIS_REQ_SIZE = 4;
export const KVM_S390_AIS_ALL_SIZE = 2;
export const SCHID_SIZE = 4;

// ---- Interrupt type codes (§4.1) -------------------------------------------------------------

export const KVM_S390_SIGP_STOP = 0xfffe0000;
export const KVM_S390_PROGRAM_INT = 0xfffe0001;
export const KVM_S390_SIGP_SET_PREFIX = 0xfffe0002;
export const KVM_S390_RESTART = 0xfffe0003;
export const KVM_S390_INT_PFAULT_INIT = 0xfffe0004;
export const KVM_S390_INT_PFAULT_DONE = 0xfffe0005;
export const KVM_S390_MCHK = 0xfffe1000;
export const KVM_S390_INT_CLOCK_COMP = 0xffff1004;
export const KVM_S390_INT_CPU_TIMER = 0xffff1005;
export const KVM_S390_INT_VIRTIO = 0xffff2603;
export const KVM_S390_INT_SERVICE = 0xffff2401;
export const KVM_S390_INT_EMERGENCY = 0xffff1201;
export const KVM_S390_INT_EXTERNAL_CALL = 0xffff1202;
/** The highest I/O type code: KVM_S390_INT_IO(1, 0xff, 3, 0xffff) = 0xfffdffff. */
export const KVM_S390_INT_IO_MAX = 0xfffdffff;
/** The adapter-interruption (AI) flag of an I/O type code. */
export const KVM_S390_INT_IO_AI_MASK = 0x04000000;
/** The type code of an adapter interrupt as GET_ALL_IRQS reports it: KVM_S390_INT_IO(1,0,0,0). */
export const KVM_S390_INT_IO_ADAPTER = KVM_S390_INT_IO_AI_MASK;

// ---- Bits inside interrupt payloads --------------------------------------------------------

/** The interruption word bits that carry the ISC (MSB0 bits 2-4). */
export const IO_INT_WORD_ISC_MASK = 0x38000000;
export const IO_INT_WORD_ISC_SHIFT = 27;
/** The adapter-interruption bit of the I/O interruption word. */
export const IO_INT_WORD_AI = 0x80000000;

/** Service signal parts (§4.3). */
export const SERVICE_EVENT_PENDING_MASK = 0x00000003;
export const SERVICE_SCCB_MASK = 0xfffffff8;
/** Floating machine checks keep only the channel-report-pending subclass mask of cr14 (§4.4). */
export const MCHK_CR14_KEPT = 0x10000000;
