package flic_test

import (
	"bytes"
	"testing"

	"flic/clients/go/flic"
)

// TPI, TSCH and ReinjectIo against the real server (docs/delivery.md §4).

// dequeue is what Tpi or Tsch answered.
type dequeue struct {
	irq   flic.IoIrq
	found bool
	err   error
}

func dequeued(irq flic.IoIrq, found bool, err error) dequeue { return dequeue{irq, found, err} }

// want fails the test unless the call found want (nil: found nothing); it returns what was found.
func (d dequeue) want(t *testing.T, want *flic.IoIrq) flic.IoIrq {
	t.Helper()
	must(t, d.err)
	if d.found != (want != nil) || (want != nil && d.irq != *want) {
		t.Fatalf("dequeued %+v (found %v), want %+v", d.irq, d.found, want)
	}
	return d.irq
}

func ptr(irq flic.IoIrq) *flic.IoIrq { return &irq }

func TestTpiTakesTheEnabledIscsOnly(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 5, 0), ioOn(2, 2, 0), ioOn(3, 5, 0)))
	dequeued(vm.Tpi(ctx(t), 0)).want(t, nil)
	dequeued(vm.Tpi(ctx(t), flic.CR6IscBit(6))).want(t, nil)
	dequeued(vm.Tpi(ctx(t), flic.CR6IscBit(5))).want(t, ptr(ioOn(1, 5, 0)))
	// Over every ISC the lower ISC goes first.
	dequeued(vm.Tpi(ctx(t), flic.CR6_ALL_ISCS)).want(t, ptr(ioOn(2, 2, 0)))
	wantIrqs(t, vm, ioOn(3, 5, 0))
}

func TestTschHitsItsSubchannelAndMissesOthers(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 3, 0), ioOn(2, 0, 0), ioOn(2, 6, 0x77)))
	dequeued(vm.Tsch(ctx(t), 0)).want(t, nil)
	dequeued(vm.Tsch(ctx(t), flic.SchidWord(1, 9))).want(t, nil)
	dequeued(vm.Tsch(ctx(t), flic.SchidWord(1, 2))).want(t, ptr(ioOn(2, 0, 0)))
	dequeued(vm.Tsch(ctx(t), flic.SchidWord(1, 2))).want(t, ptr(ioOn(2, 6, 0x77)))
	dequeued(vm.Tsch(ctx(t), flic.SchidWord(1, 2))).want(t, nil)
	wantIrqs(t, vm, ioOn(1, 3, 0))
}

func TestReinjectPutsADequeuedInterruptBackAtTheTail(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 4, 0), ioOn(2, 4, 0)))
	taken := dequeued(vm.Tpi(ctx(t), flic.CR6_ALL_ISCS)).want(t, ptr(ioOn(1, 4, 0)))
	must(t, vm.ReinjectIo(ctx(t), taken))
	wantIrqs(t, vm, ioOn(2, 4, 0), ioOn(1, 4, 0))
	dequeued(vm.Tpi(ctx(t), flic.CR6_ALL_ISCS)).want(t, ptr(ioOn(2, 4, 0)))
	dequeued(vm.Tpi(ctx(t), flic.CR6_ALL_ISCS)).want(t, ptr(ioOn(1, 4, 0)))
	dequeued(vm.Tpi(ctx(t), flic.CR6_ALL_ISCS)).want(t, nil)
}

func TestReinjectIntoFullQueuesIsEBUSY(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	record := ioOn(5, 3, 0)
	one, err := flic.PackIrqs(record)
	must(t, err)
	_, err = vm.SetAttr(ctx(t), flic.SetData(flic.KVM_DEV_FLIC_ENQUEUE, bytes.Repeat(one, flic.KVM_S390_MAX_FLOAT_IRQS)))
	must(t, err)
	taken := dequeued(vm.Tsch(ctx(t), flic.SchidWord(1, 5))).want(t, &record)
	must(t, vm.ReinjectIo(ctx(t), taken)) // into the slot it left: at the limit
	kvmError(t, vm.ReinjectIo(ctx(t), taken), flic.EBUSY, "REINJECT_IO")
	state, err := vm.Inspect(ctx(t))
	must(t, err)
	if n := state.GetLimits().GetIo().GetCount(); n != flic.KVM_S390_MAX_FLOAT_IRQS {
		t.Errorf("%d I/O interrupts pending", n)
	}
}
