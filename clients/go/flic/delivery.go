package flic

import (
	"context"
	"fmt"
	"math"
	"time"

	"flic/clients/go/flicv1"
)

// Delivery to a vCPU (docs/delivery.md of the flic repository): what a vCPU takes from the FLIC
// and what taking it stores, and the instructions that dequeue I/O interrupts (TPI, TSCH).

// The interrupt classes of a Delivery (the generated flicv1.InterruptClass values).
const (
	// ClassNone: nothing deliverable, or the wait ran out.
	ClassNone         = flicv1.InterruptClass_INTERRUPT_CLASS_NONE
	ClassIO           = flicv1.InterruptClass_INTERRUPT_CLASS_IO
	ClassExternal     = flicv1.InterruptClass_INTERRUPT_CLASS_EXTERNAL
	ClassMachineCheck = flicv1.InterruptClass_INTERRUPT_CLASS_MACHINE_CHECK
	// ClassLocal: a local interrupt of higher priority wins; the simulator delivers it.
	ClassLocal = flicv1.InterruptClass_INTERRUPT_CLASS_LOCAL
)

// LowcoreStore is bytes the kernel stores into lowcore at Offset (big-endian, guest byte order).
type LowcoreStore struct {
	Offset uint32
	Data   []byte
}

// Delivery is what a vCPU took (or would take, for a dry run).
type Delivery struct {
	Class flicv1.InterruptClass
	// PendingBit is the bit taken (IRQ_PEND_EXT_SERVICE, IscPendingBit(n), the local bit for
	// ClassLocal); 0 for ClassNone.
	PendingBit uint32
	// Record is the interrupt taken as delivered (for ClassLocal, the floating machine check
	// consumed with a local one); nil when nothing floating was taken.
	Record Irq
	// Stores are the lowcore stores in the kernel's order, PSW slots excluded (none on a
	// protected vCPU for I/O, service and machine checks).
	Stores []LowcoreStore
	// OldPSWOffset and NewPSWOffset are where the simulator saves the current PSW and loads the
	// new one; 0 when no PSW swap happens.
	OldPSWOffset uint32
	NewPSWOffset uint32
}

// DeliverOptions are Deliver's options; the zero value answers now and takes what it answers.
type DeliverOptions struct {
	// DryRun answers what would be taken and changes nothing (it never waits).
	DryRun bool
	// Wait, when not 0, waits up to this long (whole milliseconds, rounded up; at most 2^32-1 ms)
	// for something deliverable: the vCPU in an enabled wait. ClassNone when the time is up;
	// cancelling ctx ends the wait.
	Wait time.Duration
}

// IscPendingBit is the pending-word bit of ISC n (ISC 0 is bit 10, ISC 7 bit 3). It panics if
// isc is above 7.
func IscPendingBit(isc uint8) uint32 {
	if isc > MAX_ISC {
		panic(fmt.Sprintf("flic.IscPendingBit: isc must be 0..%d, got %d", MAX_ISC, isc))
	}
	return IRQ_PEND_IO_ISC_0 - uint32(isc)
}

// CR6IscBit is the bit of CR6 (and of TPI's mask) that enables ISC n: 0x80000000 >> n. It panics
// if isc is above 7.
func CR6IscBit(isc uint8) uint32 {
	if isc > MAX_ISC {
		panic(fmt.Sprintf("flic.CR6IscBit: isc must be 0..%d, got %d", MAX_ISC, isc))
	}
	return 0x80000000 >> isc
}

func waitMillis(d time.Duration) (uint32, error) {
	ms := d / time.Millisecond
	if d%time.Millisecond != 0 {
		ms++
	}
	if d < 0 || ms > math.MaxUint32 {
		return 0, fmt.Errorf("flic: DeliverOptions.Wait must be 0..%d ms, got %v", uint32(math.MaxUint32), d)
	}
	return uint32(ms), nil
}

// Deliver lets the vCPU take at most one floating interrupt: the highest deliverable one, with
// what taking it stores into lowcore. cpu nil is every register 0 on vCPU 0.
func (v *VM) Deliver(ctx context.Context, cpu *flicv1.CpuState, opts DeliverOptions) (Delivery, error) {
	wait, err := waitMillis(opts.Wait)
	if err != nil {
		return Delivery{}, err
	}
	req := &flicv1.DeliverRequest{VmId: v.id, Cpu: cpu, DryRun: opts.DryRun, WaitMs: wait}
	r, err := unary(ctx, v.id, v.rpc.Deliver, req)
	if err != nil {
		return Delivery{}, err
	}
	return deliveryFromMessage(r)
}

// deliveryFromMessage refuses a class the contract does not define (a newer server) rather than
// guessing.
func deliveryFromMessage(r *flicv1.DeliverResponse) (Delivery, error) {
	if _, known := flicv1.InterruptClass_name[int32(r.GetInterruptClass())]; !known {
		return Delivery{}, fmt.Errorf("flic: unknown interrupt class %d in a DeliverResponse", r.GetInterruptClass())
	}
	d := Delivery{Class: r.GetInterruptClass(), PendingBit: r.GetPendingBit(), OldPSWOffset: r.GetOldPswOffset(), NewPSWOffset: r.GetNewPswOffset()}
	if len(r.GetRecord()) > 0 {
		record, err := UnpackIrq(r.GetRecord())
		if err != nil {
			return Delivery{}, err
		}
		d.Record = record
	}
	for _, s := range r.GetStores() {
		d.Stores = append(d.Stores, LowcoreStore{Offset: s.GetOffset(), Data: s.GetData()})
	}
	return d, nil
}

// Tpi is TEST PENDING INTERRUPTION: it dequeues one I/O interrupt of the ISCs in iscMask (CR6's
// bits, CR6IscBit). found is false when there is none.
func (v *VM) Tpi(ctx context.Context, iscMask uint32) (irq IoIrq, found bool, err error) {
	return ioDequeued(unary(ctx, v.id, v.rpc.Tpi, &flicv1.TpiRequest{VmId: v.id, IscMask: iscMask}))
}

// Tsch is TEST SUBCHANNEL: it dequeues the oldest I/O interrupt of one subchannel (schid is
// SchidWord(subchannelID, subchannelNr); 0 dequeues nothing). found is false when there is none.
func (v *VM) Tsch(ctx context.Context, schid uint32) (irq IoIrq, found bool, err error) {
	return ioDequeued(unary(ctx, v.id, v.rpc.Tsch, &flicv1.TschRequest{VmId: v.id, Schid: schid}))
}

// ioDequeued is the interrupt of an IoDequeueResponse, its type as injected, so that ReinjectIo
// puts the very same record back.
func ioDequeued(r *flicv1.IoDequeueResponse, err error) (IoIrq, bool, error) {
	if err != nil || !r.GetFound() {
		return IoIrq{}, false, err
	}
	io := &flicv1.IoPayload{SubchannelId: r.GetSubchannelId(), SubchannelNr: r.GetSubchannelNr(), IoIntParm: r.GetIoIntParm(), IoIntWord: r.GetIoIntWord()}
	irq, err := FromMessage(&flicv1.Interrupt{Type: r.GetType(), Payload: &flicv1.Interrupt_Io{Io: io}})
	if err != nil {
		return IoIrq{}, false, err
	}
	dequeued, ok := irq.(IoIrq)
	if !ok {
		return IoIrq{}, false, fmt.Errorf("flic: dequeued type %#x is not an I/O type", r.GetType())
	}
	return dequeued, true, nil
}

// ReinjectIo puts a dequeued I/O interrupt back as a fresh injection (the tail of its ISC queue,
// or its GISA bit). The server checks the type (EINVAL for one that is not an I/O type) and the
// room (EBUSY when the I/O queues are full).
func (v *VM) ReinjectIo(ctx context.Context, irq IoIrq) error {
	_, err := unary(ctx, v.id, v.rpc.ReinjectIo, &flicv1.ReinjectIoRequest{VmId: v.id, Type: irq.Type, Io: ioPayload(irq)})
	return err
}

// PvSclpIntercept tells a protected VM's FLIC that the guest issued an SCLP request: SERVICE is
// released from masked_irqs and marked pending (EINVAL on a VM that is not protected).
func (v *VM) PvSclpIntercept(ctx context.Context) error {
	_, err := unary(ctx, v.id, v.rpc.PvSclpIntercept, &flicv1.PvSclpInterceptRequest{VmId: v.id})
	return err
}
