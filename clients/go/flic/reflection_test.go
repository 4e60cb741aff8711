package flic_test

// Server reflection as a strict client sees it: every file the real server's reflection serves
// (fetched as grpcurl does: the files of each listed service, then imports by file name) must
// build into a registry with protodesc, which rejects unknown imports, unresolvable types and
// misnamed map entries. The types found that way must decode a real error's details, and the
// flic file must be the very descriptor protoc-gen-go compiled into flicv1.

import (
	"testing"

	"google.golang.org/grpc"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"flic/clients/go/flic"
	"flic/clients/go/flicv1"
)

type reflectionClient struct {
	t      *testing.T
	stream rpb.ServerReflection_ServerReflectionInfoClient
}

func newReflectionClient(t *testing.T) *reflectionClient {
	conn, err := grpc.Dial(flicServer(t), grpc.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	return &reflectionClient{t, stream}
}

func (r *reflectionClient) ask(req *rpb.ServerReflectionRequest) *rpb.ServerReflectionResponse {
	r.t.Helper()
	if err := r.stream.Send(req); err != nil {
		r.t.Fatal(err)
	}
	res, err := r.stream.Recv()
	if err != nil {
		r.t.Fatal(err)
	}
	if e := res.GetErrorResponse(); e != nil {
		r.t.Fatalf("reflection error for %v: %d %s", req, e.ErrorCode, e.ErrorMessage)
	}
	return res
}

func (r *reflectionClient) services() []string {
	res := r.ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_ListServices{ListServices: "*"}})
	var names []string
	for _, s := range res.GetListServicesResponse().GetService() {
		names = append(names, s.Name)
	}
	return names
}

// files adds the files of one answer to seen and returns the name of the first (the one asked for).
func (r *reflectionClient) files(req *rpb.ServerReflectionRequest, seen map[string]*descriptorpb.FileDescriptorProto) string {
	r.t.Helper()
	first := ""
	for i, raw := range r.ask(req).GetFileDescriptorResponse().GetFileDescriptorProto() {
		fd := &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(raw, fd); err != nil {
			r.t.Fatal(err)
		}
		if i == 0 {
			first = fd.GetName()
		}
		seen[fd.GetName()] = fd
	}
	return first
}

func bySymbol(symbol string) *rpb.ServerReflectionRequest {
	return &rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}
}

func byFilename(name string) *rpb.ServerReflectionRequest {
	return &rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileByFilename{FileByFilename: name}}
}

// served is every file reachable from the listed services and the error-detail messages, built
// into a registry by protodesc.
func served(t *testing.T, r *reflectionClient) (*protoregistry.Files, map[string]*descriptorpb.FileDescriptorProto) {
	t.Helper()
	seen := map[string]*descriptorpb.FileDescriptorProto{}
	for _, symbol := range append(r.services(), "google.rpc.Status", "google.rpc.ErrorInfo") {
		r.files(bySymbol(symbol), seen)
	}
	for {
		var missing []string
		for _, fd := range seen {
			for _, dep := range fd.GetDependency() {
				if seen[dep] == nil {
					missing = append(missing, dep)
				}
			}
		}
		if len(missing) == 0 {
			break
		}
		for _, name := range missing {
			r.files(byFilename(name), seen)
		}
	}
	set := &descriptorpb.FileDescriptorSet{}
	for _, fd := range seen {
		set.File = append(set.File, fd)
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		t.Fatalf("protodesc rejects what reflection serves: %v", err)
	}
	return files, seen
}

func TestReflectionServesValidDescriptors(t *testing.T) {
	r := newReflectionClient(t)
	files, raw := served(t, r)

	want := map[string]bool{"flic.v1.Flic": true, "grpc.health.v1.Health": true,
		"grpc.reflection.v1.ServerReflection": true, "grpc.reflection.v1alpha.ServerReflection": true}
	services := r.services()
	if len(services) != len(want) {
		t.Fatalf("services %v, want %v", services, want)
	}
	for _, name := range services {
		if !want[name] {
			t.Fatalf("unexpected service %s", name)
		}
		d, err := files.FindDescriptorByName(protoreflect.FullName(name))
		if err != nil {
			t.Fatal(err)
		}
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		for i := 0; i < methods.Len(); i++ {
			if methods.Get(i).Input().IsPlaceholder() || methods.Get(i).Output().IsPlaceholder() {
				t.Fatalf("%s: unresolved request or response", methods.Get(i).FullName())
			}
		}
	}

	// Every message and enum resolves, through reflection, to the file that declares it.
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		var check func(protoreflect.Descriptor)
		check = func(d protoreflect.Descriptor) {
			if got := r.files(bySymbol(string(d.FullName())), map[string]*descriptorpb.FileDescriptorProto{}); got != fd.Path() {
				t.Errorf("%s: reflection answers %s, want %s", d.FullName(), got, fd.Path())
			}
		}
		for i := 0; i < fd.Messages().Len(); i++ {
			check(fd.Messages().Get(i))
		}
		for i := 0; i < fd.Enums().Len(); i++ {
			check(fd.Enums().Get(i))
		}
		return true
	})

	// The flic file is the descriptor protoc-gen-go compiled into flicv1.
	compiled := protodesc.ToFileDescriptorProto(flicv1.File_flic_v1_flic_proto)
	if !proto.Equal(raw["flic/v1/flic.proto"], compiled) {
		t.Fatal("reflection's flic/v1/flic.proto differs from flicv1's compiled descriptor")
	}
}

func TestReflectionDecodesErrorDetails(t *testing.T) {
	files, _ := served(t, newReflectionClient(t))
	c := dial(t)
	_, err := c.Raw().DeleteVm(ctx(t), &flicv1.DeleteVmRequest{VmId: "no-such-vm"})
	st, ok := status.FromError(err)
	if !ok || len(st.Proto().GetDetails()) != 1 {
		t.Fatalf("want one status detail, got %v", err)
	}
	detail := st.Proto().GetDetails()[0]
	d, err := files.FindDescriptorByName("google.rpc.ErrorInfo")
	if err != nil {
		t.Fatal(err)
	}
	if got := "type.googleapis.com/" + string(d.FullName()); detail.GetTypeUrl() != got {
		t.Fatalf("detail type %s, want %s", detail.GetTypeUrl(), got)
	}
	info := dynamicpb.NewMessage(d.(protoreflect.MessageDescriptor))
	if err := proto.Unmarshal(detail.GetValue(), info); err != nil {
		t.Fatal(err)
	}
	fields := info.Descriptor().Fields()
	if reason := info.Get(fields.ByName("reason")).String(); reason != flic.ENOENT.String() {
		t.Fatalf("reason %q, want ENOENT", reason)
	}
	if errno := info.Get(fields.ByName("metadata")).Map().Get(protoreflect.ValueOfString("errno").MapKey()); errno.String() != "2" {
		t.Fatalf("metadata errno %q, want 2", errno.String())
	}
}
