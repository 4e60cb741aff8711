package flic

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// TLS is what a client needs to reach a server that runs with --tls-cert (docs/security.md): the
// PEM of the CA that issued the server's certificate (nil: the system's roots), a PEM client
// certificate and key for a server with --tls-client-ca, and the name the server's certificate
// must carry when the dialed address does not carry it.
type TLS struct {
	CA         []byte
	Cert       []byte
	Key        []byte
	ServerName string
}

// Credentials are the transport credentials of t.
func (t TLS) Credentials() (credentials.TransportCredentials, error) {
	config := &tls.Config{ServerName: t.ServerName, MinVersion: tls.VersionTLS12}
	if t.CA != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(t.CA) {
			return nil, errors.New("flic: no PEM certificate in the CA")
		}
		config.RootCAs = pool
	}
	if (t.Cert == nil) != (t.Key == nil) {
		return nil, errors.New("flic: a client certificate needs its key, and a key its certificate")
	}
	if t.Cert != nil {
		pair, err := tls.X509KeyPair(t.Cert, t.Key)
		if err != nil {
			return nil, err
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return credentials.NewTLS(config), nil
}

// DialTLS connects with TLS (and mutual TLS when t has a certificate) and DialOptions; opts are
// added after them (WithToken, for instance).
func DialTLS(target string, t TLS, opts ...grpc.DialOption) (*Client, error) {
	creds, err := t.Credentials()
	if err != nil {
		return nil, err
	}
	all := append(append(DialOptions(), grpc.WithTransportCredentials(creds)), opts...)
	conn, err := grpc.Dial(target, all...)
	if err != nil {
		return nil, err
	}
	return New(conn), nil
}

// bearer sends `authorization: Bearer <token>` with every call, over TLS only.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return true }

// WithToken sends a bearer token with every call, for a server with --authz-file. grpc-go sends
// per-call credentials over TLS only, so it goes with DialTLS.
func WithToken(token string) grpc.DialOption {
	return grpc.WithPerRPCCredentials(bearer(token))
}
