package flic

import "fmt"

// IoType is the kernel's KVM_S390_INT_IO(ai, cssid, ssid, schid):
// schid | ssid << 16 | cssid << 18 | ai << 26. It panics if ssid is above 3 (the field has two
// bits; a wider value would silently change cssid).
func IoType(cssid uint8, ssid uint8, schid uint16, ai bool) uint64 {
	if ssid > 3 {
		panic(fmt.Sprintf("flic.IoType: ssid must be 0..3, got %d", ssid))
	}
	t := uint64(cssid)<<18 | uint64(ssid)<<16 | uint64(schid)
	if ai {
		t |= KVM_S390_INT_IO_AI_MASK
	}
	return t
}

// IsIoType says whether a type code is an I/O interrupt (the io member of the union).
func IsIoType(t uint64) bool { return t <= KVM_S390_INT_IO_MAX }

// IscToIntWord is the I/O interruption word that carries an ISC (isc << 27); the ISC decides
// the queue. It panics if isc is above 7.
func IscToIntWord(isc uint8) uint32 {
	if isc > MAX_ISC {
		panic(fmt.Sprintf("flic.IscToIntWord: isc must be 0..%d, got %d", MAX_ISC, isc))
	}
	return uint32(isc) << IO_INT_WORD_ISC_SHIFT
}

// IscFromIntWord is the ISC of an I/O interruption word.
func IscFromIntWord(word uint32) uint8 {
	return uint8((word & IO_INT_WORD_ISC_MASK) >> IO_INT_WORD_ISC_SHIFT)
}

// SchidWord is CLEAR_IO_IRQ's 4-byte word: subchannel_id in the high half, subchannel_nr in the low.
func SchidWord(subchannelID, subchannelNr uint16) uint32 {
	return uint32(subchannelID)<<16 | uint32(subchannelNr)
}

// GroupName is the kernel name errors use for a group number, known or not.
func GroupName(group uint32) string {
	if name, ok := groupNames[group]; ok {
		return name
	}
	return fmt.Sprintf("KVM_DEV_FLIC_GROUP_%d", group)
}

var groupNames = map[uint32]string{
	KVM_DEV_FLIC_GET_ALL_IRQS:     "KVM_DEV_FLIC_GET_ALL_IRQS",
	KVM_DEV_FLIC_ENQUEUE:          "KVM_DEV_FLIC_ENQUEUE",
	KVM_DEV_FLIC_CLEAR_IRQS:       "KVM_DEV_FLIC_CLEAR_IRQS",
	KVM_DEV_FLIC_APF_ENABLE:       "KVM_DEV_FLIC_APF_ENABLE",
	KVM_DEV_FLIC_APF_DISABLE_WAIT: "KVM_DEV_FLIC_APF_DISABLE_WAIT",
	KVM_DEV_FLIC_ADAPTER_REGISTER: "KVM_DEV_FLIC_ADAPTER_REGISTER",
	KVM_DEV_FLIC_ADAPTER_MODIFY:   "KVM_DEV_FLIC_ADAPTER_MODIFY",
	KVM_DEV_FLIC_CLEAR_IO_IRQ:     "KVM_DEV_FLIC_CLEAR_IO_IRQ",
	KVM_DEV_FLIC_AISM:             "KVM_DEV_FLIC_AISM",
	KVM_DEV_FLIC_AIRQ_INJECT:      "KVM_DEV_FLIC_AIRQ_INJECT",
	KVM_DEV_FLIC_AISM_ALL:         "KVM_DEV_FLIC_AISM_ALL",
}
