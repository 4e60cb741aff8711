package flic_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"flic/clients/go/flic"
)

type shardVectors struct {
	Scores []struct{ Replica, VM, Score string }
	Cases  []struct {
		Replicas []string
		VM       string
		Chosen   string
		Ranking  []string
	}
}

func TestShardVectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "sharding-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v shardVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Scores) < 10 || len(v.Cases) < 10 {
		t.Fatalf("%d scores, %d cases", len(v.Scores), len(v.Cases))
	}
	for _, s := range v.Scores {
		if got := fmt.Sprintf("%016x", flic.Score(s.Replica, s.VM)); got != s.Score {
			t.Errorf("Score(%q, %q) = %s, want %s", s.Replica, s.VM, got, s.Score)
		}
	}
	for _, c := range v.Cases {
		ranking, err := flic.RankReplicas(c.Replicas, c.VM)
		chosen, _ := flic.PickReplica(c.Replicas, c.VM)
		if err != nil || !reflect.DeepEqual(ranking, c.Ranking) || chosen != c.Chosen {
			t.Errorf("%q on %v: %v %s %v, want %v %s", c.VM, c.Replicas, ranking, chosen, err, c.Ranking, c.Chosen)
		}
	}
}

func TestBadReplicaLists(t *testing.T) {
	for _, c := range []struct {
		names []string
		msg   string
	}{{nil, "empty"}, {[]string{"flic-0", "flic-0"}, "duplicate"}, {[]string{"flic-0", "a\nb"}, "invalid"}, {[]string{""}, "invalid"}} {
		if _, err := flic.PickReplica(c.names, "vm-0"); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v", c.names, err)
		}
	}
}

func TestStatefulSetReplicas(t *testing.T) {
	got, err := flic.StatefulSetReplicas("flic", "flic-hl", 2, 7000, "farm")
	want := map[string]string{"flic-0": "flic-0.flic-hl.farm.svc:7000", "flic-1": "flic-1.flic-hl.farm.svc:7000"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%v %v", got, err)
	}
	if got, _ := flic.StatefulSetReplicas("flic", "flic", 1, flic.DefaultGRPCPort, ""); got["flic-0"] != "flic-0.flic:50051" {
		t.Errorf("%v", got)
	}
	if _, err := flic.StatefulSetReplicas("flic", "flic", 0, 1, ""); err == nil {
		t.Error("count 0 accepted")
	}
}
