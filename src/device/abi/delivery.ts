// The kernel's numbers for delivering interrupts to a vCPU (docs/delivery.md §1-§3; the kernel's
// enum irq_types, IRQ_PEND_*_MASK, PSW_MASK_*, CR0_*_SUBMASK, the lowcore layout and the SIE
// block's iictl codes). One bit per interrupt type in the pending word: the highest deliverable
// bit is taken first.

// ---- Pending-word bits (enum irq_types) ---------------------------------------------------------

export const IRQ_PEND_SET_PREFIX = 0;
export const IRQ_PEND_RESTART = 1;
export const IRQ_PEND_SIGP_STOP = 2;
export const IRQ_PEND_IO_ISC_7 = 3;
export const IRQ_PEND_IO_ISC_0 = 10;
export const IRQ_PEND_VIRTIO = 11;
export const IRQ_PEND_PFAULT_DONE = 12;
export const IRQ_PEND_PFAULT_INIT = 13;
export const IRQ_PEND_EXT_HOST = 14;
export const IRQ_PEND_EXT_SERVICE = 15;
export const IRQ_PEND_EXT_SERVICE_EV = 16;
export const IRQ_PEND_EXT_TIMING = 17;
export const IRQ_PEND_EXT_CPU_TIMER = 18;
export const IRQ_PEND_EXT_CLOCK_COMP = 19;
export const IRQ_PEND_EXT_EXTERNAL = 20;
export const IRQ_PEND_EXT_EMERGENCY = 21;
export const IRQ_PEND_EXT_MALFUNC = 22;
export const IRQ_PEND_EXT_IRQ_KEY = 23;
export const IRQ_PEND_MCHK_REP = 24;
export const IRQ_PEND_PROG = 25;
export const IRQ_PEND_SVC = 26;
export const IRQ_PEND_MCHK_EX = 27;
/** Bits of the pending word (IRQ_PEND_COUNT). */
export const IRQ_PEND_COUNT = 28;

/** The pending bit of ISC n (ISC 0 has the highest I/O priority). */
export function iscPendingBit(isc: number): number {
  return IRQ_PEND_IO_ISC_0 - isc;
}

/** The ISC of an I/O pending bit. */
export function pendingBitIsc(bit: number): number {
  return IRQ_PEND_IO_ISC_0 - bit;
}

const bit = (n: number): number => 1 << n;
const bits = (...ns: number[]): number => ns.reduce((m, n) => m | bit(n), 0);

/** IRQ_PEND_IO_MASK: the eight ISCs. */
export const IRQ_PEND_IO_MASK = ((1 << (IRQ_PEND_IO_ISC_0 + 1)) - 1) & ~((1 << IRQ_PEND_IO_ISC_7) - 1);
/** IRQ_PEND_EXT_MASK: every external type, floating and local; the PSW external mask gates them. */
export const IRQ_PEND_EXT_MASK = bits(
  IRQ_PEND_EXT_IRQ_KEY,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_MALFUNC,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_TIMING,
  IRQ_PEND_EXT_HOST,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
  IRQ_PEND_VIRTIO,
  IRQ_PEND_PFAULT_INIT,
  IRQ_PEND_PFAULT_DONE,
);
/** IRQ_PEND_MCHK_MASK. */
export const IRQ_PEND_MCHK_MASK = bits(IRQ_PEND_MCHK_REP, IRQ_PEND_MCHK_EX);
/** IRQ_PEND_EXT_II_MASK: the external types a protected vCPU with a pending injection holds back. */
export const IRQ_PEND_EXT_II_MASK = bits(
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
);
/** The bits a vCPU's own (local) interrupts use (docs/delivery.md §7); any other is refused. */
export const LOCAL_PENDING_MASK = bits(
  IRQ_PEND_SET_PREFIX,
  IRQ_PEND_RESTART,
  IRQ_PEND_SIGP_STOP,
  IRQ_PEND_PFAULT_INIT,
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_PROG,
  IRQ_PEND_MCHK_EX,
);
/** The service pair: CR0's service-signal subclass gates both. */
export const IRQ_PEND_SERVICE_MASK = bits(IRQ_PEND_EXT_SERVICE, IRQ_PEND_EXT_SERVICE_EV);

/** The pending bits of floating interrupts, by delivery class, for the metrics' closed label sets. */
export const FLOATING_IO_BITS: readonly number[] = Array.from({ length: 8 }, (_, isc) => iscPendingBit(isc));
/** PFAULT_INIT is floating on the 2013 device only. */
export const FLOATING_EXTERNAL_BITS: readonly number[] = [
  IRQ_PEND_VIRTIO,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_PFAULT_INIT,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
];
export const FLOATING_MCHK_BITS: readonly number[] = [IRQ_PEND_MCHK_REP];
/** The local bits, lowest first (a LOCAL answer names one of them). */
export const LOCAL_BITS: readonly number[] = Array.from({ length: IRQ_PEND_COUNT }, (_, n) => n).filter((n) => (LOCAL_PENDING_MASK & bit(n)) !== 0);

// ---- Gates: PSW mask bits (high word of the first PSW doubleword) and control registers -------

/** PSW_MASK_IO (0x0200000000000000) as a bit of the mask's high word. */
export const PSW_HI_IO = 0x02000000;
/** PSW_MASK_EXT (0x0100000000000000). */
export const PSW_HI_EXT = 0x01000000;
/** PSW_MASK_MCHECK (0x0004000000000000). */
export const PSW_HI_MCHECK = 0x00040000;

export const CR0_EMERGENCY_SIGNAL_SUBMASK = 0x4000;
export const CR0_EXTERNAL_CALL_SUBMASK = 0x2000;
export const CR0_CLOCK_COMPARATOR_SUBMASK = 0x0800;
export const CR0_CPU_TIMER_SUBMASK = 0x0400;
export const CR0_SERVICE_SIGNAL_SUBMASK = 0x0200;

/** CR6 (and TPI's mask): ISC n is enabled iff the register & (0x80000000 >> n). */
export function cr6IscBit(isc: number): number {
  return (0x80000000 >>> isc) >>> 0;
}

/** CR6 for every ISC (TSCH dequeues over all of them). */
export const CR6_ALL_ISCS = 0xff000000;

// ---- Protected vCPUs: the SIE block's interruption-injection control -----------------------

export const IICTL_CODE_NONE = 0;
export const IICTL_CODE_MCHK = 1;
export const IICTL_CODE_EXT = 2;
export const IICTL_CODE_IO = 3;
export const IICTL_CODE_RESTART = 4;
export const IICTL_CODE_MAX = IICTL_CODE_RESTART;

/** What the PV SCLP-notification intercept ORs into the service word (a stand-in SCCB address). */
export const PV_SCLP_NOTIFICATION_PARAMS = 0x43000;

// ---- Lowcore (struct lowcore, 64-bit) ---------------------------------------------------------

export const LC_EXT_PARAMS = 0x80;
export const LC_EXT_CPU_ADDR = 0x84;
export const LC_EXT_INT_CODE = 0x86;
export const LC_AR_MODE_ID = 0xa3;
export const LC_SUBCHANNEL_ID = 0xb8;
export const LC_SUBCHANNEL_NR = 0xba;
export const LC_IO_INT_PARM = 0xbc;
export const LC_IO_INT_WORD = 0xc0;
export const LC_MCCK_CODE = 0xe8;
export const LC_EXT_DAMAGE_CODE = 0xf4;
export const LC_MCCK_FAIL_STOR_ADDR = 0xf8;
export const LC_EXT_OLD_PSW = 0x130;
export const LC_MCK_OLD_PSW = 0x160;
export const LC_IO_OLD_PSW = 0x170;
export const LC_EXT_NEW_PSW = 0x1b0;
export const LC_MCK_NEW_PSW = 0x1e0;
export const LC_IO_NEW_PSW = 0x1f0;
export const LC_EXT_PARAMS2 = 0x11b8;
/** Where the machine check's fixed logout goes (__LC_PSW_SAVE_AREA). */
export const LC_FIXED_LOGOUT = 0x1300;

// ---- External interruption codes and their cpu-address subcodes -----------------------------

export const EXT_IRQ_SERVICE_SIG = 0x2401;
export const EXT_IRQ_CP_SERVICE = 0x2603;
export const PFAULT_INIT_SUBCODE = 0x0600;
export const PFAULT_DONE_SUBCODE = 0x0680;
export const VIRTIO_PARAM_SUBCODE = 0x0d00;
/** __LC_AR_MODE_ID's value: the guest runs in z/Architecture mode. */
export const AR_MODE_ZARCH = 1;
