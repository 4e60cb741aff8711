package flic

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"flic/clients/go/flicv1"
)

const (
	// MaxMessageBytes is the largest message either side sends or accepts: the largest legal
	// ENQUEUE or GET_ALL_IRQS (33,554,376 bytes of records) plus 1 MiB for the protobuf framing.
	MaxMessageBytes = 32<<20 + 1<<20
	// VMIDKey is the request header that names the VM, so a proxy can route by VM.
	VMIDKey = "flic-vm-id"
	// ReadAllFirstGuess is ReadAllIrqs' first buffer: one page (56 records), as QEMU starts.
	ReadAllFirstGuess = 4096
)

// DialOptions are the options a flic connection needs: message limits both ways (gRPC's default
// receive limit is 4 MiB). Add your own credentials.
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(MaxMessageBytes),
		grpc.MaxCallSendMsgSize(MaxMessageBytes),
	)}
}

// Client is a flic server's VMs.
type Client struct {
	conn *grpc.ClientConn
	rpc  flicv1.FlicClient
}

// Dial connects in plaintext (as flic serves) with DialOptions; opts are added after them. For
// TLS, dial yourself with DialOptions() and grpc.WithTransportCredentials, then use New.
func Dial(target string, opts ...grpc.DialOption) (*Client, error) {
	all := append(append(DialOptions(), grpc.WithInsecure()), opts...)
	conn, err := grpc.Dial(target, all...)
	if err != nil {
		return nil, err
	}
	return New(conn), nil
}

// New is a Client over a connection you made (give it DialOptions()).
func New(conn *grpc.ClientConn) *Client {
	return &Client{conn: conn, rpc: flicv1.NewFlicClient(conn)}
}

// Raw is the generated client, for anything the methods here do not cover. Its errors are plain
// gRPC errors: FromError makes a *KvmError of them.
func (c *Client) Raw() flicv1.FlicClient { return c.rpc }

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// CreateVM creates a VM (no FLIC yet: then VM(id).CreateDevice). config may be nil.
func (c *Client) CreateVM(ctx context.Context, vmID string, config *flicv1.VmConfig) error {
	_, err := unary(ctx, vmID, c.rpc.CreateVm, &flicv1.CreateVmRequest{VmId: vmID, Config: config})
	return err
}

// DeleteVM destroys a VM and its FLIC.
func (c *Client) DeleteVM(ctx context.Context, vmID string) error {
	_, err := unary(ctx, vmID, c.rpc.DeleteVm, &flicv1.DeleteVmRequest{VmId: vmID})
	return err
}

// ListVMs lists the server's VM ids.
func (c *Client) ListVMs(ctx context.Context) ([]string, error) {
	res, err := unary(ctx, "", c.rpc.ListVms, &flicv1.ListVmsRequest{})
	return res.GetVmIds(), err
}

// VM is one VM's FLIC (no call is made until a method is used).
func (c *Client) VM(vmID string) *VM { return &VM{id: vmID, rpc: c.rpc} }

// unary makes one call with the VM header (when vmID is not empty) and turns a device error into
// a *KvmError.
func unary[Req, Res any](
	ctx context.Context, vmID string, rpc func(context.Context, Req, ...grpc.CallOption) (Res, error), req Req,
) (Res, error) {
	if vmID != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, VMIDKey, vmID)
	}
	var trailer metadata.MD
	res, err := rpc(ctx, req, grpc.Trailer(&trailer))
	return res, FromError(err, trailer)
}
