package flic

import (
	"fmt"

	"flic/clients/go/flicv1"
)

// Records to and from the typed RPCs' Interrupt messages. The io, ext and mchk members travel as
// fields, every other member as raw union bytes; reading goes through the 64-byte union, so a
// message is read exactly as the kernel reads the same bytes.

// ToMessage is the Interrupt message of a record.
func ToMessage(irq Irq) (*flicv1.Interrupt, error) {
	u := make([]byte, irqUnionSize)
	if irq == nil {
		return nil, fmt.Errorf("flic: nil Irq")
	}
	if err := irq.putUnion(u); err != nil {
		return nil, err
	}
	m := &flicv1.Interrupt{Type: irq.IrqType()}
	switch r := irq.(type) {
	case IoIrq:
		m.Payload = &flicv1.Interrupt_Io{Io: ioPayload(r)}
	case ExtIrq:
		m.Payload = &flicv1.Interrupt_Ext{Ext: &flicv1.ExtPayload{ExtParams: r.ExtParams, Pad: r.Pad, ExtParams2: r.ExtParams2}}
	case MchkIrq:
		m.Payload = &flicv1.Interrupt_Mchk{Mchk: &flicv1.MchkPayload{
			Cr14: r.CR14, Mcic: r.MCIC, FailingStorageAddress: r.FailingStorageAddress,
			ExtDamageCode: r.ExtDamageCode, Pad: r.Pad, FixedLogout: append([]byte(nil), r.FixedLogout[:]...),
		}}
	default:
		m.Payload = &flicv1.Interrupt_Raw{Raw: u}
	}
	return m, nil
}

func ioPayload(r IoIrq) *flicv1.IoPayload {
	return &flicv1.IoPayload{SubchannelId: uint32(r.SubchannelID), SubchannelNr: uint32(r.SubchannelNr), IoIntParm: r.IoIntParm, IoIntWord: r.IoIntWord}
}

// FromMessage is the record an Interrupt message describes, through the member its type selects.
func FromMessage(m *flicv1.Interrupt) (Irq, error) {
	u := make([]byte, irqUnionSize)
	var member Irq
	switch p := m.GetPayload().(type) {
	case *flicv1.Interrupt_Io:
		if p.Io.SubchannelId > 0xFFFF || p.Io.SubchannelNr > 0xFFFF {
			return nil, fmt.Errorf("flic: io payload does not fit kvm_s390_io_info: %v", p.Io)
		}
		member = IoIrq{0, uint16(p.Io.SubchannelId), uint16(p.Io.SubchannelNr), p.Io.IoIntParm, p.Io.IoIntWord}
	case *flicv1.Interrupt_Ext:
		member = ExtIrq{KVM_S390_INT_SERVICE, p.Ext.ExtParams, p.Ext.Pad, p.Ext.ExtParams2}
	case *flicv1.Interrupt_Mchk:
		if len(p.Mchk.FixedLogout) > fixedLogoutSz {
			return nil, fmt.Errorf("flic: fixed_logout is %d bytes, at most %d", len(p.Mchk.FixedLogout), fixedLogoutSz)
		}
		r := MchkIrq{p.Mchk.Cr14, p.Mchk.Mcic, p.Mchk.FailingStorageAddress, p.Mchk.ExtDamageCode, p.Mchk.Pad, [16]byte{}}
		copy(r.FixedLogout[:], p.Mchk.FixedLogout)
		member = r
	case *flicv1.Interrupt_Raw:
		member = RawIrq{0, p.Raw}
	}
	// The member's bytes do not depend on the type, so any type of that member builds them.
	if member != nil {
		if err := member.putUnion(u); err != nil {
			return nil, err
		}
	}
	return IrqFromUnion(m.GetType(), u)
}

// convertAll converts every element, naming the record that fails.
func convertAll[In, Out any](in []In, convert func(In) (Out, error)) ([]Out, error) {
	out := make([]Out, len(in))
	for i, x := range in {
		y, err := convert(x)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		out[i] = y
	}
	return out, nil
}
