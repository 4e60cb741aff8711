package flic_test

// The client against a server with TLS, mutual TLS and an authorization file (docs/security.md),
// with certificates made here by crypto/x509: a CA, the server's (localhost, 127.0.0.1) and a
// client's (CN go-harness).

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"flic/clients/go/flic"
)

const goToken = "go-token"

type pki struct {
	dir                  string
	ca                   []byte
	clientCert, clientKy []byte
}

func pemOf(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

func issue(t *testing.T, template, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) ([]byte, []byte, *x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if parent == nil {
		parent, parentKey = template, key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDer, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemOf("CERTIFICATE", der), pemOf("PRIVATE KEY", keyDer), cert, key
}

func makePki(t *testing.T) pki {
	t.Helper()
	dir := t.TempDir()
	now := time.Now()
	caPem, _, ca, caKey := issue(t, &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "go-ca"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}, nil, nil)
	serverPem, serverKey, _, _ := issue(t, &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "flic-server"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, caKey)
	clientPem, clientKey, _, _ := issue(t, &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "go-harness"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca, caKey)
	sum := sha256.Sum256([]byte(goToken))
	files := map[string][]byte{
		"ca.crt": caPem, "server.crt": serverPem, "server.key": serverKey,
		"authz.yaml": []byte("version: 1\nprincipals:\n  - name: go\n    identities: [\"cn:go-harness\", \"sha256:" + hex.EncodeToString(sum[:]) + "\"]\n    vms: [\"go-tls/\"]\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return pki{dir: dir, ca: caPem, clientCert: clientPem, clientKy: clientKey}
}

// secureServer runs a server of its own with the TLS flags (and the authz file), stopped at the end.
func secureServer(t *testing.T, p pki, mutual bool) string {
	t.Helper()
	node := nodeBinary(t)
	args := []string{"--tls-cert", filepath.Join(p.dir, "server.crt"), "--tls-key", filepath.Join(p.dir, "server.key"),
		"--authz-file", filepath.Join(p.dir, "authz.yaml")}
	if mutual {
		args = append(args, "--tls-client-ca", filepath.Join(p.dir, "ca.crt"))
	}
	s := start(node, repoRoot(t), args...)
	if s.err != nil {
		t.Fatal(s.err)
	}
	t.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		_ = s.cmd.Wait()
	})
	return s.target
}

func TestMutualTLSWithAClientCertificate(t *testing.T) {
	p := makePki(t)
	target := secureServer(t, p, true)
	c, err := flic.DialTLS(target, flic.TLS{CA: p.ca, Cert: p.clientCert, Key: p.clientKy, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.CreateVM(ctx(t), "go-tls/1", nil); err != nil {
		t.Fatal(err)
	}
	ids, err := c.ListVMs(ctx(t))
	if err != nil || len(ids) != 1 || ids[0] != "go-tls/1" {
		t.Fatalf("ListVMs = %v, %v", ids, err)
	}
	err = c.CreateVM(ctx(t), "other/1", nil)
	var kerr *flic.KvmError
	if !errors.As(err, &kerr) || kerr.Name != "EACCES" || kerr.Errno != 13 || kerr.Group != "CreateVm" {
		t.Fatalf("CreateVM outside the grant = %v", err)
	}
}

func TestMutualTLSWithoutAClientCertificateDoesNotConnect(t *testing.T) {
	p := makePki(t)
	target := secureServer(t, p, true)
	c, err := flic.DialTLS(target, flic.TLS{CA: p.ca, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ListVMs(ctx(t)); status.Code(err) != codes.Unavailable {
		t.Fatalf("ListVMs without a client certificate = %v", err)
	}
}

func TestPlaintextToATLSServerDoesNotConnect(t *testing.T) {
	p := makePki(t)
	c, err := flic.Dial(secureServer(t, p, false))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ListVMs(ctx(t)); status.Code(err) != codes.Unavailable {
		t.Fatalf("plaintext ListVMs = %v", err)
	}
}

func TestABearerTokenOverTLS(t *testing.T) {
	p := makePki(t)
	target := secureServer(t, p, false)
	c, err := flic.DialTLS(target, flic.TLS{CA: p.ca, ServerName: "localhost"}, flic.WithToken(goToken))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.CreateVM(ctx(t), "go-tls/token", nil); err != nil {
		t.Fatal(err)
	}
	bad, err := flic.DialTLS(target, flic.TLS{CA: p.ca, ServerName: "localhost"}, flic.WithToken("wrong"))
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if _, err := bad.ListVMs(ctx(t)); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("ListVMs with a wrong token = %v", err)
	}
}

func TestACertificateNeedsItsKey(t *testing.T) {
	if _, err := (flic.TLS{Cert: []byte("pem")}).Credentials(); err == nil {
		t.Fatal("a certificate without its key was accepted")
	}
}
