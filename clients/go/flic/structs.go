package flic

// The other groups' structures, for the raw SetDeviceAttr. Their Go field types have the
// kernel's widths, so every value fits.

// PackAdapter is ADAPTER_REGISTER's 8 bytes (struct kvm_s390_io_adapter).
func PackAdapter(id uint32, isc uint8, maskable, swap bool, flags uint8) []byte {
	b := make([]byte, 8)
	be.PutUint32(b, id)
	b[4], b[5], b[6], b[7] = isc, boolByte(maskable), boolByte(swap), flags
	return b
}

// PackAdapterReq is ADAPTER_MODIFY's 16 bytes (struct kvm_s390_io_adapter_req).
func PackAdapterReq(id uint32, reqType uint8, mask bool, addr uint64) []byte {
	b := make([]byte, 16)
	be.PutUint32(b, id)
	b[4], b[5] = reqType, boolByte(mask)
	be.PutUint64(b[8:], addr)
	return b
}

// PackAisReq is AISM's 4 bytes (struct kvm_s390_ais_req): SINGLE for ISC 3 is 03 00 00 01.
func PackAisReq(isc uint8, mode uint16) []byte {
	b := []byte{isc, 0, 0, 0}
	be.PutUint16(b[2:], mode)
	return b
}

// PackAisAll is AISM_ALL's 2 bytes (struct kvm_s390_ais_all): MSB0 bit i of each mask is ISC i.
func PackAisAll(simm, nimm uint8) []byte { return []byte{simm, nimm} }

// PackSchid is CLEAR_IO_IRQ's 4-byte schid word.
func PackSchid(subchannelID, subchannelNr uint16) []byte {
	b := make([]byte, 4)
	be.PutUint32(b, SchidWord(subchannelID, subchannelNr))
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}
