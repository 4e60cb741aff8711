package flic_test

// The real flic server for the tests: the repository's build (node dist/src/server/main.js),
// started once on 127.0.0.1 with ephemeral ports, read from its `flic listening` log line, and
// stopped with SIGTERM when the tests end. A test whose tool is missing skips and names it; with
// FLIC_REQUIRE_ALL=1 (CI) it fails instead.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"flic/clients/go/flic"
	"flic/clients/go/flicv1"
)

type server struct {
	cmd    *exec.Cmd
	target string
	err    error
}

var (
	running     server
	startServer sync.Once
	vmSeq       int64
)

func TestMain(m *testing.M) {
	code := m.Run()
	if running.cmd != nil {
		_ = running.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = running.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = running.cmd.Process.Kill()
		}
	}
	os.Exit(code)
}

// need skips the test (fails it under FLIC_REQUIRE_ALL=1) when ok is false.
func need(t testing.TB, ok bool, missing string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("FLIC_REQUIRE_ALL") == "1" {
		t.Fatalf("missing %s (FLIC_REQUIRE_ALL=1)", missing)
	}
	t.Skipf("missing %s", missing)
}

// repoRoot is FLIC_REPO, or the checkout above this package's real directory (GOPATH mode may
// reach it through a symlink).
func repoRoot(t testing.TB) string {
	t.Helper()
	if root := os.Getenv("FLIC_REPO"); root != "" {
		return root
	}
	dir, err := os.Getwd()
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "docs", "sharding-vectors.json")); err == nil {
			return d
		}
	}
	t.Fatalf("no flic checkout above %s (set FLIC_REPO)", dir)
	return ""
}

// nodeBinary is FLIC_NODE or node on PATH, with the server built.
func nodeBinary(t testing.TB) string {
	t.Helper()
	node := os.Getenv("FLIC_NODE")
	if node == "" {
		node, _ = exec.LookPath("node")
	}
	need(t, node != "", "node (the flic server runs on Node.js; set FLIC_NODE or put node on PATH)")
	main := filepath.Join(repoRoot(t), "dist", "src", "server", "main.js")
	_, err := os.Stat(main)
	need(t, err == nil, main+" (run `npm ci && npm run build` in the repository)")
	return node
}

// flicServer is the target of the running server, started on first use.
func flicServer(t testing.TB) string {
	t.Helper()
	node := nodeBinary(t)
	startServer.Do(func() { running = start(node, repoRoot(t)) })
	if running.err != nil {
		t.Fatal(running.err)
	}
	return running.target
}

// start runs the built server on loopback with ephemeral ports and the extra flags.
func start(node, root string, extra ...string) server {
	args := append([]string{filepath.Join(root, "dist", "src", "server", "main.js"),
		"--host", "127.0.0.1", "--port", "0", "--metrics-host", "127.0.0.1", "--metrics-port", "0"}, extra...)
	cmd := exec.Command(node, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return server{err: err}
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return server{err: err}
	}
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		lines.Buffer(make([]byte, 1<<20), 1<<20)
		var seen []string
		for lines.Scan() {
			seen = append(seen, lines.Text())
			var entry struct {
				Msg  string `json:"msg"`
				Port int    `json:"port"`
			}
			if json.Unmarshal(lines.Bytes(), &entry) == nil && entry.Msg == "flic listening" {
				found <- fmt.Sprintf("127.0.0.1:%d", entry.Port)
				_, _ = io.Copy(io.Discard, stdout) // keep the pipe drained
				return
			}
		}
		found <- "exited:\n" + strings.Join(seen, "\n")
	}()
	select {
	case target := <-found:
		if strings.HasPrefix(target, "exited:") {
			_ = cmd.Wait()
			return server{err: fmt.Errorf("flic did not start; it %s", target)}
		}
		return server{cmd: cmd, target: target}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return server{err: fmt.Errorf("flic did not log `flic listening` within 30 s")}
	}
}

// dial is a client of the running server, closed when the test ends.
func dial(t *testing.T) *flic.Client {
	t.Helper()
	c, err := flic.Dial(flicServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// freshVM is a new VM with its FLIC, deleted when the test ends.
func freshVM(t *testing.T, c *flic.Client, config *flicv1.VmConfig) *flic.VM {
	t.Helper()
	id := fmt.Sprintf("go-%d-%s", atomic.AddInt64(&vmSeq, 1), strings.ReplaceAll(t.Name(), "/", "-"))
	if len(id) > 128 {
		id = id[:128]
	}
	if err := c.CreateVM(ctx(t), id, config); err != nil {
		t.Fatal(err)
	}
	vm := c.VM(id)
	if _, err := vm.CreateDevice(ctx(t), flic.KVM_DEV_TYPE_FLIC, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.DeleteVM(context.Background(), id) })
	return vm
}
