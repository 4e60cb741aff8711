package flic

import (
	"encoding/binary"
	"fmt"
)

// struct kvm_s390_irq: 72 bytes, big-endian; an 8-byte type and a 64-byte union. One Go type per
// union member, with fields of the kernel's widths, so a record can only be packed in the
// kernel's layout (an io record is always u64 type, u16, u16, u32, u32). The members with a type
// field check that their type uses them; the others have one fixed type. RawIrq is the escape
// hatch: any type with any union bytes. The layout table is docs/records.md.

const (
	irqTypeSize   = 8
	irqUnionSize  = 64
	fixedLogoutSz = 16
)

// Irq is one struct kvm_s390_irq. Its implementations are the types of this file.
type Irq interface {
	// IrqType is the 64-bit type code.
	IrqType() uint64
	// putUnion writes the member at u (64 zero bytes) or says why the record is not valid.
	putUnion(u []byte) error
}

// IoIrq is the io member (kvm_s390_io_info): every type up to KVM_S390_INT_IO_MAX. The ISC that
// picks the queue is in IoIntWord (see IscToIntWord).
type IoIrq struct {
	Type         uint64
	SubchannelID uint16
	SubchannelNr uint16
	IoIntParm    uint32
	IoIntWord    uint32
}

// ExtIrq is the ext member (kvm_s390_ext_info): SERVICE, VIRTIO, PFAULT_INIT, PFAULT_DONE.
type ExtIrq struct {
	Type       uint64
	ExtParams  uint32
	Pad        uint32
	ExtParams2 uint64
}

// MchkIrq is the mchk member (kvm_s390_mchk_info) of a KVM_S390_MCHK record.
type MchkIrq struct {
	CR14                  uint64
	MCIC                  uint64
	FailingStorageAddress uint64
	ExtDamageCode         uint32
	Pad                   uint32
	FixedLogout           [fixedLogoutSz]byte
}

// PgmIrq is the pgm member (kvm_s390_pgm_info) of KVM_S390_PROGRAM_INT (per-vCPU: ENQUEUE
// refuses it with EINVAL).
type PgmIrq struct {
	TransExcCode uint64
	MonCode      uint64
	PerAddress   uint64
	DataExcCode  uint32
	Code         uint16
	MonClassNr   uint16
	PerCode      uint8
	PerAtmid     uint8
	ExcAccessID  uint8
	PerAccessID  uint8
	OpAccessID   uint8
	Flags        uint8
	Pad          uint16
}

// EmergIrq is the emerg member of KVM_S390_INT_EMERGENCY (per-vCPU).
type EmergIrq struct{ Code uint16 }

// ExtcallIrq is the extcall member of KVM_S390_INT_EXTERNAL_CALL (per-vCPU).
type ExtcallIrq struct{ Code uint16 }

// PrefixIrq is the prefix member of KVM_S390_SIGP_SET_PREFIX (per-vCPU).
type PrefixIrq struct{ Address uint32 }

// StopIrq is the stop member of KVM_S390_SIGP_STOP (per-vCPU).
type StopIrq struct{ Flags uint32 }

// RawIrq is any type with up to 64 union bytes (zero-padded): the types without a member
// (RESTART, CLOCK_COMP, CPU_TIMER, undefined codes) and deliberately mismatched records.
type RawIrq struct {
	Type    uint64
	Payload []byte
}

var be = binary.BigEndian

func (r IoIrq) IrqType() uint64 { return r.Type }
func (r IoIrq) putUnion(u []byte) error {
	if !IsIoType(r.Type) {
		return fmt.Errorf("flic: IoIrq: type %#x is not an I/O type (0..%#x)", r.Type, uint64(KVM_S390_INT_IO_MAX))
	}
	be.PutUint16(u[0:], r.SubchannelID)
	be.PutUint16(u[2:], r.SubchannelNr)
	be.PutUint32(u[4:], r.IoIntParm)
	be.PutUint32(u[8:], r.IoIntWord)
	return nil
}

func isExtType(t uint64) bool {
	switch t {
	case KVM_S390_INT_SERVICE, KVM_S390_INT_VIRTIO, KVM_S390_INT_PFAULT_INIT, KVM_S390_INT_PFAULT_DONE:
		return true
	}
	return false
}

func (r ExtIrq) IrqType() uint64 { return r.Type }
func (r ExtIrq) putUnion(u []byte) error {
	if !isExtType(r.Type) {
		return fmt.Errorf("flic: ExtIrq: type %#x is not SERVICE, VIRTIO, PFAULT_INIT or PFAULT_DONE", r.Type)
	}
	be.PutUint32(u[0:], r.ExtParams)
	be.PutUint32(u[4:], r.Pad)
	be.PutUint64(u[8:], r.ExtParams2)
	return nil
}

func (MchkIrq) IrqType() uint64 { return KVM_S390_MCHK }
func (r MchkIrq) putUnion(u []byte) error {
	be.PutUint64(u[0:], r.CR14)
	be.PutUint64(u[8:], r.MCIC)
	be.PutUint64(u[16:], r.FailingStorageAddress)
	be.PutUint32(u[24:], r.ExtDamageCode)
	be.PutUint32(u[28:], r.Pad)
	copy(u[32:], r.FixedLogout[:])
	return nil
}

func (PgmIrq) IrqType() uint64 { return KVM_S390_PROGRAM_INT }
func (r PgmIrq) putUnion(u []byte) error {
	be.PutUint64(u[0:], r.TransExcCode)
	be.PutUint64(u[8:], r.MonCode)
	be.PutUint64(u[16:], r.PerAddress)
	be.PutUint32(u[24:], r.DataExcCode)
	be.PutUint16(u[28:], r.Code)
	be.PutUint16(u[30:], r.MonClassNr)
	copy(u[32:], []byte{r.PerCode, r.PerAtmid, r.ExcAccessID, r.PerAccessID, r.OpAccessID, r.Flags})
	be.PutUint16(u[38:], r.Pad)
	return nil
}

func (EmergIrq) IrqType() uint64           { return KVM_S390_INT_EMERGENCY }
func (r EmergIrq) putUnion(u []byte) error { be.PutUint16(u, r.Code); return nil }

func (ExtcallIrq) IrqType() uint64           { return KVM_S390_INT_EXTERNAL_CALL }
func (r ExtcallIrq) putUnion(u []byte) error { be.PutUint16(u, r.Code); return nil }

func (PrefixIrq) IrqType() uint64           { return KVM_S390_SIGP_SET_PREFIX }
func (r PrefixIrq) putUnion(u []byte) error { be.PutUint32(u, r.Address); return nil }

func (StopIrq) IrqType() uint64           { return KVM_S390_SIGP_STOP }
func (r StopIrq) putUnion(u []byte) error { be.PutUint32(u, r.Flags); return nil }

func (r RawIrq) IrqType() uint64 { return r.Type }
func (r RawIrq) putUnion(u []byte) error {
	if len(r.Payload) > irqUnionSize {
		return fmt.Errorf("flic: RawIrq: payload must be at most %d bytes, got %d", irqUnionSize, len(r.Payload))
	}
	copy(u, r.Payload)
	return nil
}

// AppendIrq appends the 72-byte record of irq to dst.
func AppendIrq(dst []byte, irq Irq) ([]byte, error) {
	if irq == nil {
		return dst, fmt.Errorf("flic: nil Irq")
	}
	var rec [KVM_S390_IRQ_SIZE]byte
	be.PutUint64(rec[:], irq.IrqType())
	if err := irq.putUnion(rec[irqTypeSize:]); err != nil {
		return dst, err
	}
	return append(dst, rec[:]...), nil
}

// PackIrqs is ENQUEUE's data: the records back to back, 72 bytes each.
func PackIrqs(irqs ...Irq) ([]byte, error) {
	out := make([]byte, 0, len(irqs)*KVM_S390_IRQ_SIZE)
	for i, irq := range irqs {
		var err error
		if out, err = AppendIrq(out, irq); err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
	}
	return out, nil
}

// IrqFromUnion is the record with this type and these union bytes (zero-padded to 64), read as
// the kernel reads it: through the member the type selects.
func IrqFromUnion(t uint64, union []byte) (Irq, error) {
	if len(union) > irqUnionSize {
		return nil, fmt.Errorf("flic: the union is %d bytes, got %d", irqUnionSize, len(union))
	}
	u := make([]byte, irqUnionSize)
	copy(u, union)
	switch {
	case IsIoType(t):
		return IoIrq{t, be.Uint16(u[0:]), be.Uint16(u[2:]), be.Uint32(u[4:]), be.Uint32(u[8:])}, nil
	case isExtType(t):
		return ExtIrq{t, be.Uint32(u[0:]), be.Uint32(u[4:]), be.Uint64(u[8:])}, nil
	}
	switch t {
	case KVM_S390_MCHK:
		r := MchkIrq{be.Uint64(u[0:]), be.Uint64(u[8:]), be.Uint64(u[16:]), be.Uint32(u[24:]), be.Uint32(u[28:]), [16]byte{}}
		copy(r.FixedLogout[:], u[32:48])
		return r, nil
	case KVM_S390_PROGRAM_INT:
		return PgmIrq{be.Uint64(u[0:]), be.Uint64(u[8:]), be.Uint64(u[16:]), be.Uint32(u[24:]), be.Uint16(u[28:]),
			be.Uint16(u[30:]), u[32], u[33], u[34], u[35], u[36], u[37], be.Uint16(u[38:])}, nil
	case KVM_S390_INT_EMERGENCY:
		return EmergIrq{be.Uint16(u)}, nil
	case KVM_S390_INT_EXTERNAL_CALL:
		return ExtcallIrq{be.Uint16(u)}, nil
	case KVM_S390_SIGP_SET_PREFIX:
		return PrefixIrq{be.Uint32(u)}, nil
	case KVM_S390_SIGP_STOP:
		return StopIrq{be.Uint32(u)}, nil
	}
	return RawIrq{t, u}, nil
}

// UnpackIrq reads one 72-byte record. Bytes past the member its type selects are not kept.
func UnpackIrq(record []byte) (Irq, error) {
	if len(record) != KVM_S390_IRQ_SIZE {
		return nil, fmt.Errorf("flic: a kvm_s390_irq is %d bytes, got %d", KVM_S390_IRQ_SIZE, len(record))
	}
	return IrqFromUnion(be.Uint64(record), record[irqTypeSize:])
}

// UnpackIrqs reads GET_ALL_IRQS's data (a whole number of records).
func UnpackIrqs(data []byte) ([]Irq, error) {
	if len(data)%KVM_S390_IRQ_SIZE != 0 {
		return nil, fmt.Errorf("flic: %d bytes is not a whole number of %d-byte records", len(data), KVM_S390_IRQ_SIZE)
	}
	out := make([]Irq, 0, len(data)/KVM_S390_IRQ_SIZE)
	for o := 0; o < len(data); o += KVM_S390_IRQ_SIZE {
		irq, err := UnpackIrq(data[o : o+KVM_S390_IRQ_SIZE])
		if err != nil {
			return nil, err
		}
		out = append(out, irq)
	}
	return out, nil
}
