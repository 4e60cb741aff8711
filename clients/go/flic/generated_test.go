package flic_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// The committed flicv1/ is what generate.sh writes from today's proto. The bytes depend on the
// generators' versions, which the files' headers name: with other versions installed the test
// skips and says which.
func TestRegeneratingGivesNoDiff(t *testing.T) {
	for _, tool := range []struct{ bin, pkg string }{
		{"protoc", "protobuf-compiler"}, {"protoc-gen-go", "protoc-gen-go"}, {"protoc-gen-go-grpc", "protoc-gen-go-grpc"},
	} {
		_, err := exec.LookPath(tool.bin)
		need(t, err == nil, tool.bin+" (Debian: "+tool.pkg+")")
	}
	module := filepath.Join(repoRoot(t), "clients", "go")
	committed, err := os.ReadFile(filepath.Join(module, "flicv1", "flic.pb.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []struct{ bin, header string }{
		{"protoc", `// \tprotoc +v(\S+)`}, {"protoc-gen-go", `// \tprotoc-gen-go v(\S+)`},
	} {
		version, err := exec.Command(tool.bin, "--version").Output()
		if err != nil {
			t.Fatal(err)
		}
		header := regexp.MustCompile(tool.header).FindSubmatch(committed)
		if header == nil {
			t.Fatalf("flicv1/flic.pb.go names no %s version", tool.bin)
		}
		need(t, bytes.HasSuffix(bytes.TrimSpace(version), header[1]),
			tool.bin+" "+string(header[1])+", the version of the committed files (found "+string(bytes.TrimSpace(version))+")")
	}

	out := t.TempDir()
	if msg, err := exec.Command(filepath.Join(module, "generate.sh"), out).CombinedOutput(); err != nil {
		t.Fatalf("generate.sh: %v\n%s", err, msg)
	}
	fresh, _ := filepath.Glob(filepath.Join(out, "flicv1", "*.go"))
	if len(fresh) != 2 {
		t.Fatalf("generated %v", fresh)
	}
	for _, f := range fresh {
		want, _ := os.ReadFile(filepath.Join(module, "flicv1", filepath.Base(f)))
		got, _ := os.ReadFile(f)
		if !bytes.Equal(got, want) {
			t.Errorf("flicv1/%s is stale: run clients/go/generate.sh", filepath.Base(f))
		}
	}
}
