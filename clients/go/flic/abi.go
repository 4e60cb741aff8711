package flic

// The kernel's FLIC ABI (arch/s390/include/uapi/asm/kvm.h, include/uapi/linux/kvm.h), named as
// the kernel names it. The server defines the same values in src/device/abi.ts; abi_test.go
// compares every constant of this file with that file's build.

// Device creation.
const (
	KVM_DEV_TYPE_FLIC = 6
	// KVM_CREATE_DEVICE_TEST only tests whether the device type exists.
	KVM_CREATE_DEVICE_TEST = 1
)

// Attribute groups.
const (
	KVM_DEV_FLIC_GET_ALL_IRQS     = 1
	KVM_DEV_FLIC_ENQUEUE          = 2
	KVM_DEV_FLIC_CLEAR_IRQS       = 3
	KVM_DEV_FLIC_APF_ENABLE       = 4
	KVM_DEV_FLIC_APF_DISABLE_WAIT = 5
	KVM_DEV_FLIC_ADAPTER_REGISTER = 6
	KVM_DEV_FLIC_ADAPTER_MODIFY   = 7
	KVM_DEV_FLIC_CLEAR_IO_IRQ     = 8
	KVM_DEV_FLIC_AISM             = 9
	KVM_DEV_FLIC_AIRQ_INJECT      = 10
	KVM_DEV_FLIC_AISM_ALL         = 11
)

// Limits.
const (
	KVM_S390_IRQ_SIZE = 72
	// KVM_S390_FLIC_MAX_BUFFER is the largest buffer GET_ALL_IRQS and ENQUEUE accept; it always
	// suffices.
	KVM_S390_FLIC_MAX_BUFFER = 0x2000000
	// KVM_S390_MAX_FLOAT_IRQS is the shared limit of the eight I/O queues.
	KVM_S390_MAX_FLOAT_IRQS  = 266250
	KVM_S390_MAX_VIRTIO_IRQS = 87381
	MAX_ISC                  = 7
	MAX_S390_IO_ADAPTERS     = 64
)

// Adapters and AIS.
const (
	KVM_S390_ADAPTER_SUPPRESSIBLE = 0x01
	KVM_S390_IO_ADAPTER_MASK      = 1
	KVM_S390_IO_ADAPTER_MAP       = 2
	KVM_S390_IO_ADAPTER_UNMAP     = 3
	KVM_S390_AIS_MODE_ALL         = 0
	KVM_S390_AIS_MODE_SINGLE      = 1
)

// Interrupt type codes: the 64-bit type of struct kvm_s390_irq.
const (
	// Floating: ENQUEUE accepts these (PFAULT_INIT is read, then refused with EINVAL).
	KVM_S390_INT_SERVICE     = 0xFFFF2401
	KVM_S390_INT_VIRTIO      = 0xFFFF2603
	KVM_S390_INT_PFAULT_INIT = 0xFFFE0004
	KVM_S390_INT_PFAULT_DONE = 0xFFFE0005
	KVM_S390_MCHK            = 0xFFFE1000
	// Per-vCPU: ENQUEUE refuses them with EINVAL.
	KVM_S390_SIGP_STOP         = 0xFFFE0000
	KVM_S390_PROGRAM_INT       = 0xFFFE0001
	KVM_S390_SIGP_SET_PREFIX   = 0xFFFE0002
	KVM_S390_RESTART           = 0xFFFE0003
	KVM_S390_INT_CLOCK_COMP    = 0xFFFF1004
	KVM_S390_INT_CPU_TIMER     = 0xFFFF1005
	KVM_S390_INT_EMERGENCY     = 0xFFFF1201
	KVM_S390_INT_EXTERNAL_CALL = 0xFFFF1202
	// KVM_S390_INT_IO_MAX: every type code up to this one is an I/O interrupt.
	KVM_S390_INT_IO_MAX = 0xFFFDFFFF
	// KVM_S390_INT_IO_AI_MASK is the adapter-interruption (AI) flag of an I/O type code.
	KVM_S390_INT_IO_AI_MASK = 0x04000000
	// KVM_S390_INT_IO_ADAPTER is an adapter interrupt as GET_ALL_IRQS reports it.
	KVM_S390_INT_IO_ADAPTER = KVM_S390_INT_IO_AI_MASK
)

// The I/O interruption word.
const (
	IO_INT_WORD_ISC_MASK  = 0x38000000
	IO_INT_WORD_ISC_SHIFT = 27
	// IO_INT_WORD_AI is the adapter-interruption bit of the word.
	IO_INT_WORD_AI = 0x80000000
)
