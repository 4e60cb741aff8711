// Package flic is the Go client of flic, the s390 KVM floating interrupt controller (FLIC) as a
// gRPC service.
//
//	client, err := flic.Dial("127.0.0.1:50051")   // plaintext, flic's 33 MiB message limits
//	defer client.Close()
//	err = client.CreateVM(ctx, "vm-1", &flicv1.VmConfig{Ais: true})
//	vm := client.VM("vm-1")                         // every call sends flic-vm-id: vm-1
//	_, err = vm.CreateDevice(ctx, flic.KVM_DEV_TYPE_FLIC, 0)
//	err = vm.Enqueue(ctx, flic.IoIrq{Type: flic.IoType(0xfe, 0, 5), IoIntWord: flic.IscToIntWord(3)})
//	irqs, err := vm.ReadAllIrqs(ctx)
//
// A device error is a *KvmError (use errors.As) with the kernel's errno, its group and the
// ErrorInfo's metadata; errors.Is(err, flic.EINVAL) works too. The records of struct
// kvm_s390_irq are typed per union member (IoIrq, ExtIrq, MchkIrq, ...), so a record can only be
// packed in the kernel's layout (docs/records.md of the flic repository).
//
// VM.Deliver, Tpi, Tsch and ReinjectIo are the consumer side a CPU simulator needs (a vCPU takes
// an interrupt, with its lowcore stores); Client.ExportVM, ImportVM and DeleteVMIfUnchanged
// snapshot, clone and move VMs.
package flic
