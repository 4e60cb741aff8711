module flic/clients/go

go 1.19

// The lowest versions that work, as Debian 12 packages them (CI builds in GOPATH mode with
// them; see README.md). github.com/golang/protobuf must be 1.4 or later: with 1.3 the client
// panics on the first reply.
require (
	github.com/golang/protobuf v1.5.2
	google.golang.org/genproto v0.0.0-20200526211855-cb27e3aa2013
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)
