"""The kernel's FLIC ABI as a harness needs it: device and group numbers, interrupt type codes,
limits, the numbers of delivery to a vCPU (pending bits, gates, lowcore offsets), and the I/O
type-code and interruption-word helpers.

The values are the kernel's (arch/s390/include/uapi/asm/kvm.h, include/uapi/linux/kvm.h; for
delivery arch/s390/kvm/interrupt.c and asm/lowcore.h); the flic server defines them in
src/device/abi/, and tests/test_abi.py checks every value here against its build. Standard
library only.
"""

from __future__ import annotations

# ---- Device creation -------------------------------------------------------------------------

KVM_DEV_TYPE_FLIC = 6
#: KVM_CREATE_DEVICE flag: only test whether the type exists.
KVM_CREATE_DEVICE_TEST = 1

# ---- Attribute groups ------------------------------------------------------------------------

KVM_DEV_FLIC_GET_ALL_IRQS = 1
KVM_DEV_FLIC_ENQUEUE = 2
KVM_DEV_FLIC_CLEAR_IRQS = 3
KVM_DEV_FLIC_APF_ENABLE = 4
KVM_DEV_FLIC_APF_DISABLE_WAIT = 5
KVM_DEV_FLIC_ADAPTER_REGISTER = 6
KVM_DEV_FLIC_ADAPTER_MODIFY = 7
KVM_DEV_FLIC_CLEAR_IO_IRQ = 8
KVM_DEV_FLIC_AISM = 9
KVM_DEV_FLIC_AIRQ_INJECT = 10
KVM_DEV_FLIC_AISM_ALL = 11

#: Group number -> the kernel name that errors carry as their group.
FLIC_GROUP_NAMES: dict[int, str] = {
    value: name for name, value in globals().items() if name.startswith("KVM_DEV_FLIC_")
}

# ---- Limits ------------------------------------------------------------------------------------

KVM_S390_IRQ_SIZE = 72
#: The largest buffer GET_ALL_IRQS and ENQUEUE accept, in bytes; it always suffices.
KVM_S390_FLIC_MAX_BUFFER = 0x2000000
#: Shared limit of the eight I/O queues.
KVM_S390_MAX_FLOAT_IRQS = 266250
KVM_S390_MAX_VIRTIO_IRQS = 87381
MAX_ISC = 7
MAX_S390_IO_ADAPTERS = 64

# ---- Adapters and AIS --------------------------------------------------------------------------

KVM_S390_ADAPTER_SUPPRESSIBLE = 0x01
KVM_S390_IO_ADAPTER_MASK = 1
KVM_S390_IO_ADAPTER_MAP = 2
KVM_S390_IO_ADAPTER_UNMAP = 3
KVM_S390_AIS_MODE_ALL = 0
KVM_S390_AIS_MODE_SINGLE = 1

# ---- Interrupt type codes (the 64-bit `type` of struct kvm_s390_irq) -----------------------------

# Floating: ENQUEUE accepts these (PFAULT_INIT is read, then refused with EINVAL).
KVM_S390_INT_SERVICE = 0xFFFF2401
KVM_S390_INT_VIRTIO = 0xFFFF2603
KVM_S390_INT_PFAULT_INIT = 0xFFFE0004
KVM_S390_INT_PFAULT_DONE = 0xFFFE0005
KVM_S390_MCHK = 0xFFFE1000
# Per-vCPU: ENQUEUE refuses them with EINVAL.
KVM_S390_SIGP_STOP = 0xFFFE0000
KVM_S390_PROGRAM_INT = 0xFFFE0001
KVM_S390_SIGP_SET_PREFIX = 0xFFFE0002
KVM_S390_RESTART = 0xFFFE0003
KVM_S390_INT_CLOCK_COMP = 0xFFFF1004
KVM_S390_INT_CPU_TIMER = 0xFFFF1005
KVM_S390_INT_EMERGENCY = 0xFFFF1201
KVM_S390_INT_EXTERNAL_CALL = 0xFFFF1202
#: Every type code up to this one is an I/O interrupt (the kernel's KVM_S390_INT_IO_MAX).
KVM_S390_INT_IO_MAX = 0xFFFDFFFF
#: The adapter-interruption (AI) flag of an I/O type code.
KVM_S390_INT_IO_AI_MASK = 0x04000000
#: An adapter interrupt as GET_ALL_IRQS reports it: KVM_S390_INT_IO(1, 0, 0, 0).
KVM_S390_INT_IO_ADAPTER = KVM_S390_INT_IO_AI_MASK

#: The ext-member type codes (kvm_s390_ext_info).
EXT_TYPES = frozenset({KVM_S390_INT_SERVICE, KVM_S390_INT_VIRTIO, KVM_S390_INT_PFAULT_INIT, KVM_S390_INT_PFAULT_DONE})

# ---- I/O interruption word ---------------------------------------------------------------------

IO_INT_WORD_ISC_MASK = 0x38000000
IO_INT_WORD_ISC_SHIFT = 27
#: The adapter-interruption bit of the I/O interruption word.
IO_INT_WORD_AI = 0x80000000

# ---- Delivery to a vCPU (docs/delivery.md) -----------------------------------------------------

# Pending-word bits (the kernel's enum irq_types): Deliver takes the highest deliverable one, and
# DeliverResponse.pending_bit names it. ISC n is bit IRQ_PEND_IO_ISC_0 - n (isc_pending_bit).
IRQ_PEND_SET_PREFIX = 0
IRQ_PEND_RESTART = 1
IRQ_PEND_SIGP_STOP = 2
IRQ_PEND_IO_ISC_7 = 3
IRQ_PEND_IO_ISC_0 = 10
IRQ_PEND_VIRTIO = 11
IRQ_PEND_PFAULT_DONE = 12
IRQ_PEND_PFAULT_INIT = 13
IRQ_PEND_EXT_HOST = 14
IRQ_PEND_EXT_SERVICE = 15
IRQ_PEND_EXT_SERVICE_EV = 16
IRQ_PEND_EXT_TIMING = 17
IRQ_PEND_EXT_CPU_TIMER = 18
IRQ_PEND_EXT_CLOCK_COMP = 19
IRQ_PEND_EXT_EXTERNAL = 20
IRQ_PEND_EXT_EMERGENCY = 21
IRQ_PEND_EXT_MALFUNC = 22
IRQ_PEND_EXT_IRQ_KEY = 23
IRQ_PEND_MCHK_REP = 24
IRQ_PEND_PROG = 25
IRQ_PEND_SVC = 26
IRQ_PEND_MCHK_EX = 27
IRQ_PEND_COUNT = 28
#: The bits a vCPU's own interrupts use: CpuState.local_pending may hold only these.
LOCAL_PENDING_MASK = sum(
    1 << bit
    for bit in (
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
    )
)

# Gates. The PSW bits are of the mask's high word: CpuState.psw_mask = PSW_HI_IO << 32 enables I/O.
PSW_HI_IO = 0x02000000
PSW_HI_EXT = 0x01000000
PSW_HI_MCHECK = 0x00040000
CR0_EMERGENCY_SIGNAL_SUBMASK = 0x4000
CR0_EXTERNAL_CALL_SUBMASK = 0x2000
CR0_CLOCK_COMPARATOR_SUBMASK = 0x0800
CR0_CPU_TIMER_SUBMASK = 0x0400
CR0_SERVICE_SIGNAL_SUBMASK = 0x0200
#: CR6 (and TPI's mask) enabling every ISC; ISC n alone is cr6_isc_bit(n).
CR6_ALL_ISCS = 0xFF000000

# Protected vCPUs: the SIE block's pending-injection control (CpuState.iictl).
IICTL_CODE_NONE = 0
IICTL_CODE_MCHK = 1
IICTL_CODE_EXT = 2
IICTL_CODE_IO = 3
IICTL_CODE_RESTART = 4
IICTL_CODE_MAX = IICTL_CODE_RESTART
#: What PvSclpIntercept ORs into the service word.
PV_SCLP_NOTIFICATION_PARAMS = 0x43000

# Lowcore offsets (the kernel's __LC_ names): LowcoreStore.offset and the PSW slots.
LC_EXT_PARAMS = 0x80
LC_EXT_CPU_ADDR = 0x84
LC_EXT_INT_CODE = 0x86
LC_AR_MODE_ID = 0xA3
LC_SUBCHANNEL_ID = 0xB8
LC_SUBCHANNEL_NR = 0xBA
LC_IO_INT_PARM = 0xBC
LC_IO_INT_WORD = 0xC0
LC_MCCK_CODE = 0xE8
LC_EXT_DAMAGE_CODE = 0xF4
LC_MCCK_FAIL_STOR_ADDR = 0xF8
LC_EXT_OLD_PSW = 0x130
LC_MCK_OLD_PSW = 0x160
LC_IO_OLD_PSW = 0x170
LC_EXT_NEW_PSW = 0x1B0
LC_MCK_NEW_PSW = 0x1E0
LC_IO_NEW_PSW = 0x1F0
LC_EXT_PARAMS2 = 0x11B8
LC_FIXED_LOGOUT = 0x1300

# External interruption codes and their cpu-address subcodes.
EXT_IRQ_SERVICE_SIG = 0x2401
EXT_IRQ_CP_SERVICE = 0x2603
PFAULT_INIT_SUBCODE = 0x0600
PFAULT_DONE_SUBCODE = 0x0680
VIRTIO_PARAM_SUBCODE = 0x0D00
AR_MODE_ZARCH = 1

_U64_MAX = (1 << 64) - 1


def io_type(cssid: int, ssid: int, schid: int, ai: bool = False) -> int:
    """The kernel's KVM_S390_INT_IO(ai, cssid, ssid, schid): schid | ssid << 16 | cssid << 18 | ai << 26."""
    _check_uint("cssid", cssid, 0xFF)
    _check_uint("ssid", ssid, 0x3)
    _check_uint("schid", schid, 0xFFFF)
    return (int(bool(ai)) << 26) | (cssid << 18) | (ssid << 16) | schid


def is_io_type(type_code: int) -> bool:
    """Whether a type code is an I/O interrupt (the io member of the union)."""
    return 0 <= type_code <= KVM_S390_INT_IO_MAX


def isc_to_int_word(isc: int) -> int:
    """The I/O interruption word that carries an ISC (isc << 27); the ISC decides the queue."""
    _check_uint("isc", isc, MAX_ISC)
    return isc << IO_INT_WORD_ISC_SHIFT


def isc_from_int_word(word: int) -> int:
    """The ISC of an I/O interruption word."""
    return (word & IO_INT_WORD_ISC_MASK) >> IO_INT_WORD_ISC_SHIFT


def schid_word(subchannel_id: int, subchannel_nr: int) -> int:
    """CLEAR_IO_IRQ's 4-byte schid word: subchannel_id in the high half, subchannel_nr in the low."""
    _check_uint("subchannel_id", subchannel_id, 0xFFFF)
    _check_uint("subchannel_nr", subchannel_nr, 0xFFFF)
    return (subchannel_id << 16) | subchannel_nr


def isc_pending_bit(isc: int) -> int:
    """The pending-word bit of ISC n (ISC 0 is bit 10, ISC 7 bit 3)."""
    return IRQ_PEND_IO_ISC_0 - _check_uint("isc", isc, MAX_ISC)


def cr6_isc_bit(isc: int) -> int:
    """The bit of CR6 (and of TPI's mask) that enables ISC n: 0x80000000 >> n."""
    return 0x80000000 >> _check_uint("isc", isc, MAX_ISC)


def group_name(group: int) -> str:
    """The name errors use for a group number, known or not."""
    return FLIC_GROUP_NAMES.get(group, f"KVM_DEV_FLIC_GROUP_{group}")


def _check_uint(field: str, value: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError(f"{field} must be an integer in 0..{maximum:#x}, got {value!r}")
    return value


__all__ = [name for name in list(globals()) if name.isupper() and not name.startswith("_")] + [
    "cr6_isc_bit",
    "group_name",
    "io_type",
    "is_io_type",
    "isc_from_int_word",
    "isc_pending_bit",
    "isc_to_int_word",
    "schid_word",
]
