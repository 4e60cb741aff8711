package flic

import (
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The wire names of flic's errors (the server's src/proto/loader.ts).
const (
	// ErrorDomain is ErrorInfo.domain of every flic device error.
	ErrorDomain = "flic.s390.kvm"
	// WrittenKey is the trailer with the bytes a failed GET had already written (original
	// profile's GET_ALL_IRQS only).
	WrittenKey = "flic-written-bin"
)

// KvmError is a device error: the errno the kernel would have returned, and where. Get one with
// errors.As(err, &kvmErr); errors.Is(err, flic.EINVAL) also matches, and status.Code(err) is the
// gRPC code.
type KvmError struct {
	// Errno is the Linux number (22); its String() is the name.
	Errno Errno
	// Name is the errno's name ("EINVAL").
	Name string
	// Group is the kernel group or operation ("KVM_DEV_FLIC_CLEAR_IO_IRQ", "VM", ...).
	Group string
	// Detail is the server's explanation, without the "GROUP: ERRNO: " prefix.
	Detail string
	// Metadata holds the ErrorInfo's other entries, for example requiredBytes of a GET_ALL_IRQS
	// ENOMEM (errno and group are the fields above).
	Metadata map[string]string
	// Written holds the bytes a failed call had already written, or nil.
	Written []byte
	// Status is the call's gRPC status, details included.
	Status *status.Status
}

func (e *KvmError) Error() string { return e.Group + ": " + e.Name + ": " + e.Detail }

// Is matches an Errno: errors.Is(err, flic.ENOMEM).
func (e *KvmError) Is(target error) bool {
	t, ok := target.(Errno)
	return ok && t == e.Errno
}

// GRPCStatus lets status.FromError and status.Code see the call's status through a KvmError.
func (e *KvmError) GRPCStatus() *status.Status { return e.Status }

// FromError turns a failed call into a *KvmError when its status carries flic's ErrorInfo, and
// returns every other error (nil included) unchanged. trailer is the call's trailer metadata
// (grpc.Trailer), for the written bytes; it may be nil.
func FromError(err error, trailer metadata.MD) error {
	st, ok := status.FromError(err)
	if err == nil || !ok {
		return err
	}
	for _, detail := range st.Details() {
		info, ok := detail.(*errdetails.ErrorInfo)
		if !ok || info.GetDomain() != ErrorDomain {
			continue
		}
		errno, known := ErrnoByName(info.GetReason())
		if !known || info.GetMetadata()["errno"] != strconv.Itoa(int(errno)) {
			continue
		}
		kvm := &KvmError{Errno: errno, Name: info.GetReason(), Group: info.GetMetadata()["group"], Status: st, Metadata: map[string]string{}}
		for k, v := range info.GetMetadata() {
			if k != "errno" && k != "group" {
				kvm.Metadata[k] = v
			}
		}
		kvm.Detail = strings.TrimPrefix(st.Message(), kvm.Group+": "+kvm.Name+": ")
		if written := trailer.Get(WrittenKey); len(written) > 0 {
			kvm.Written = []byte(written[0])
		}
		return kvm
	}
	return err
}
