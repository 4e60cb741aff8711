package flic_test

import (
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"flic/clients/go/flic"
)

// tsABI is what clients/testdata/ts-abi.mjs prints from the server's build.
type tsABI struct {
	Constants         map[string]string `json:"constants"`
	GroupNames        map[string]string `json:"groupNames"`
	Errno             map[string]int    `json:"errno"`
	ErrnoStatus       map[string]int    `json:"errnoStatus"`
	MaxMessageBytes   int               `json:"maxMessageBytes"`
	VMIDKey           string            `json:"vmIdKey"`
	ErrorDomain       string            `json:"errorDomain"`
	WrittenKey        string            `json:"writtenKey"`
	ReadAllFirstGuess string            `json:"readAllFirstGuess"`
}

func serverABI(t *testing.T) tsABI {
	t.Helper()
	node := nodeBinary(t)
	out, err := exec.Command(node, filepath.Join(repoRoot(t), "clients", "testdata", "ts-abi.mjs")).Output()
	if err != nil {
		t.Fatalf("ts-abi.mjs: %v", err)
	}
	var abi tsABI
	if err := json.Unmarshal(out, &abi); err != nil {
		t.Fatal(err)
	}
	return abi
}

// packageConstants type-checks files of this package alone and returns their exported
// constants, so that none can be missed by a hand-written list.
func packageConstants(t *testing.T, files ...string) map[string]constant.Value {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("flic", fset, parsed, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]constant.Value{}
	for _, name := range pkg.Scope().Names() {
		if c, ok := pkg.Scope().Lookup(name).(*types.Const); ok && c.Exported() {
			out[name] = c.Val()
		}
	}
	return out
}

func TestEveryConstantEqualsTheServers(t *testing.T) {
	server := serverABI(t)
	ours := packageConstants(t, "abi.go")
	var unknown []string
	for name, value := range ours {
		theirs, ok := server.Constants[name]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if value.ExactString() != theirs {
			t.Errorf("%s = %s, the server says %s", name, value.ExactString(), theirs)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		t.Errorf("constants the server does not define: %v", unknown)
	}
	// Every group and type code the server defines is here too.
	for name := range server.Constants {
		wanted := strings.HasPrefix(name, "KVM_DEV_FLIC_") || strings.HasPrefix(name, "KVM_S390_INT_") ||
			strings.HasPrefix(name, "KVM_S390_SIGP_") || name == "KVM_S390_MCHK" || name == "KVM_S390_PROGRAM_INT" ||
			name == "KVM_S390_RESTART"
		if _, ok := ours[name]; wanted && !ok {
			t.Errorf("the server's %s is missing here", name)
		}
	}
	for number, name := range server.GroupNames {
		n, _ := strconv.Atoi(number)
		if got := flic.GroupName(uint32(n)); got != name {
			t.Errorf("GroupName(%d) = %s, want %s", n, got, name)
		}
	}
}

func TestErrnosEqualTheServers(t *testing.T) {
	server := serverABI(t)
	ours := packageConstants(t, "errno.go")
	if len(ours) != len(server.Errno) || len(server.ErrnoStatus) != len(server.Errno) {
		t.Errorf("%d errnos here, %d on the server", len(ours), len(server.Errno))
	}
	for name, number := range server.Errno {
		if v, ok := ours[name]; !ok || v.ExactString() != strconv.Itoa(number) {
			t.Errorf("%s: %v here, %d on the server", name, v, number)
		}
		errno, ok := flic.ErrnoByName(name)
		if !ok || int(errno) != number || errno.String() != name {
			t.Errorf("ErrnoByName(%s) = %d, %v", name, errno, ok)
		}
	}
	if flic.Errno(999).String() != "errno 999" {
		t.Errorf("unknown errno prints %q", flic.Errno(999).String())
	}
}

func TestWireNamesAndLimitsEqualTheServers(t *testing.T) {
	server := serverABI(t)
	if flic.MaxMessageBytes != server.MaxMessageBytes || flic.VMIDKey != server.VMIDKey ||
		flic.ErrorDomain != server.ErrorDomain || flic.WrittenKey != server.WrittenKey ||
		strconv.Itoa(flic.ReadAllFirstGuess) != server.ReadAllFirstGuess {
		t.Errorf("the server says %+v", server)
	}
}

func TestIoTypeAndWords(t *testing.T) {
	if got := flic.IoType(0xFE, 0, 5, false); got != 0x03F80005 {
		t.Errorf("IoType(0xfe, 0, 5) = %#x", got)
	}
	if got := flic.IoType(0, 0, 0, true); got != flic.KVM_S390_INT_IO_ADAPTER {
		t.Errorf("IoType(ai) = %#x", got)
	}
	if got := flic.IoType(0xFF, 3, 0xFFFF, true); got != 0x07FFFFFF || !flic.IsIoType(got) {
		t.Errorf("IoType(max) = %#x", got)
	}
	if flic.IsIoType(flic.KVM_S390_SIGP_STOP) || !flic.IsIoType(flic.KVM_S390_INT_IO_MAX) {
		t.Error("IsIoType disagrees with KVM_S390_INT_IO_MAX")
	}
	if w := flic.IscToIntWord(3); w != 0x18000000 || flic.IscFromIntWord(w|flic.IO_INT_WORD_AI) != 3 {
		t.Errorf("IscToIntWord(3) = %#x", w)
	}
	if flic.SchidWord(0xFE01, 5) != 0xFE010005 {
		t.Error("SchidWord")
	}
	mustPanic(t, func() { flic.IoType(0, 4, 0, false) })
	mustPanic(t, func() { flic.IscToIntWord(8) })
}

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	f()
}
