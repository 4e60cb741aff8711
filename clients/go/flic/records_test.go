package flic_test

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"

	"flic/clients/go/flic"
)

var ioIrq = flic.IoIrq{Type: flic.IoType(0xFE, 0, 5, false), SubchannelID: 0xFE01, SubchannelNr: 5, IoIntParm: 0x11223344, IoIntWord: flic.IscToIntWord(3)}

var logout = [16]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// One record of every member, each field set, so a field at a wrong offset shows.
var oneOfEach = []flic.Irq{
	ioIrq,
	flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1001},
	flic.ExtIrq{Type: flic.KVM_S390_INT_VIRTIO, ExtParams: 0x11, Pad: 0x22, ExtParams2: 0x3344556677889900},
	flic.ExtIrq{Type: flic.KVM_S390_INT_PFAULT_DONE, ExtParams2: 0xFEDCBA9876543210},
	flic.MchkIrq{CR14: 0x10000000, MCIC: 0x8000000000000000, FailingStorageAddress: 7, ExtDamageCode: 8, Pad: 9, FixedLogout: logout},
	flic.PgmIrq{TransExcCode: 1, MonCode: 2, PerAddress: 3, DataExcCode: 4, Code: 5, MonClassNr: 6, PerCode: 7, PerAtmid: 8,
		ExcAccessID: 9, PerAccessID: 10, OpAccessID: 11, Flags: 12, Pad: 13},
	flic.EmergIrq{Code: 0x1234},
	flic.ExtcallIrq{Code: 0x4321},
	flic.PrefixIrq{Address: 0x7000},
	flic.StopIrq{Flags: 3},
	flic.RawIrq{Type: flic.KVM_S390_RESTART, Payload: append([]byte{1, 2}, make([]byte, 62)...)},
}

func pack(t *testing.T, irqs ...flic.Irq) []byte {
	t.Helper()
	b, err := flic.PackIrqs(irqs...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestTheWorkedExampleOfTheIoLayout(t *testing.T) {
	want := append(unhex("0000000003F80005"+"FE01000511223344"+"18000000"), make([]byte, 52)...)
	if got := pack(t, ioIrq); !bytes.Equal(got, want) {
		t.Errorf("io record\n got %x\nwant %x", got, want)
	}
	service := pack(t, flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1001})
	if !bytes.Equal(service, append(unhex("00000000FFFF2401"+"00001001"), make([]byte, 60)...)) {
		t.Errorf("service record %x", service)
	}
}

func TestMemberOffsets(t *testing.T) {
	mchk := pack(t, oneOfEach[4])
	pgm := pack(t, oneOfEach[5])
	checks := []struct {
		name string
		got  []byte
		want string
	}{
		{"mchk cr14", mchk[8:16], "0000000010000000"},
		{"mchk mcic", mchk[16:24], "8000000000000000"},
		{"mchk ext_damage_code", mchk[32:36], "00000008"},
		{"mchk fixed_logout", mchk[40:56], "000102030405060708090a0b0c0d0e0f"},
		{"pgm code", pgm[36:38], "0005"},
		{"pgm u8 fields", pgm[40:46], "0708090a0b0c"},
		{"pgm pad", pgm[46:48], "000d"},
		{"extcall code", pack(t, oneOfEach[7])[8:10], "4321"},
		{"prefix address", pack(t, oneOfEach[8])[8:12], "00007000"},
	}
	for _, c := range checks {
		if hex.EncodeToString(c.got) != c.want {
			t.Errorf("%s: %x, want %s", c.name, c.got, c.want)
		}
	}
}

func TestEveryMemberRoundTrips(t *testing.T) {
	data := pack(t, oneOfEach...)
	if len(data) != 72*len(oneOfEach) {
		t.Fatalf("%d bytes", len(data))
	}
	got, err := flic.UnpackIrqs(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, oneOfEach) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, oneOfEach)
	}
	for _, irq := range oneOfEach {
		m, err := flic.ToMessage(irq)
		if err != nil {
			t.Fatal(err)
		}
		back, err := flic.FromMessage(m)
		if err != nil || !reflect.DeepEqual(back, irq) {
			t.Errorf("message round trip of %+v: %+v, %v", irq, back, err)
		}
	}
	if _, err := flic.UnpackIrqs(data[:71]); err == nil {
		t.Error("71 bytes unpacked")
	}
}

func TestTheTypeDecidesTheMember(t *testing.T) {
	// A raw record of an I/O type reads back through the io member, as the kernel reads it.
	raw := flic.RawIrq{Type: 5, Payload: unhex("FE01000511223344" + "18000000")}
	got, err := flic.UnpackIrq(pack(t, raw))
	if want := (flic.IoIrq{Type: 5, SubchannelID: 0xFE01, SubchannelNr: 5, IoIntParm: 0x11223344, IoIntWord: 0x18000000}); err != nil || got != want {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, typ := range []uint64{flic.KVM_S390_INT_CPU_TIMER, 1 << 32} {
		if got, _ := flic.IrqFromUnion(typ, nil); reflect.TypeOf(got) != reflect.TypeOf(flic.RawIrq{}) {
			t.Errorf("type %#x reads as %T", typ, got)
		}
	}
}

func TestATypeThatDoesNotUseTheMemberIsRefused(t *testing.T) {
	for _, irq := range []flic.Irq{
		flic.IoIrq{Type: flic.KVM_S390_INT_SERVICE},
		flic.IoIrq{Type: 1 << 32},
		flic.ExtIrq{Type: 5},
		flic.ExtIrq{Type: flic.KVM_S390_MCHK},
		flic.RawIrq{Type: 1, Payload: make([]byte, 65)},
		nil,
	} {
		if _, err := flic.PackIrqs(irq); err == nil {
			t.Errorf("%+v packed", irq)
		}
		if _, err := flic.ToMessage(irq); err == nil {
			t.Errorf("%+v became a message", irq)
		}
	}
}

func TestTheOtherStructures(t *testing.T) {
	checks := map[string][]byte{
		"0000000305010001":                 flic.PackAdapter(3, 5, true, false, flic.KVM_S390_ADAPTER_SUPPRESSIBLE),
		"00000003020000000000000000001000": flic.PackAdapterReq(3, flic.KVM_S390_IO_ADAPTER_MAP, false, 0x1000),
		"03000001":                         flic.PackAisReq(3, flic.KVM_S390_AIS_MODE_SINGLE),
		"8001":                             flic.PackAisAll(0x80, 0x01),
		"fe010005":                         flic.PackSchid(0xFE01, 5),
	}
	for want, got := range checks {
		if hex.EncodeToString(got) != want {
			t.Errorf("%x, want %s", got, want)
		}
	}
}
