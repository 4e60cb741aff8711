package flic

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The shard function of docs/sharding.md: which replica of a farm holds a VM. A harness that
// talks to a sharded farm without a proxy dials every replica and sends each VM's calls to
// PickReplica(names, vmID); the Client sends the flic-vm-id header itself.

// DefaultGRPCPort is flic's gRPC port.
const DefaultGRPCPort = 50051

// Score is the first 8 bytes of SHA-256(UTF-8(replica + "\n" + vmID)), big-endian.
func Score(replica, vmID string) uint64 {
	sum := sha256.Sum256([]byte(replica + "\n" + vmID))
	return binary.BigEndian.Uint64(sum[:8])
}

// RankReplicas is every replica, best first: highest score; equal scores go to the
// bytewise-smallest UTF-8 name (Go compares strings bytewise).
func RankReplicas(replicas []string, vmID string) ([]string, error) {
	if err := checkReplicaNames(replicas); err != nil {
		return nil, err
	}
	ranked := append([]string(nil), replicas...)
	scores := make(map[string]uint64, len(ranked))
	for _, r := range ranked {
		scores[r] = Score(r, vmID)
	}
	sort.Slice(ranked, func(i, j int) bool {
		si, sj := scores[ranked[i]], scores[ranked[j]]
		if si != sj {
			return si > sj
		}
		return ranked[i] < ranked[j]
	})
	return ranked, nil
}

// PickReplica is the replica that holds vmID.
func PickReplica(replicas []string, vmID string) (string, error) {
	ranked, err := RankReplicas(replicas, vmID)
	if err != nil {
		return "", err
	}
	return ranked[0], nil
}

// StatefulSetReplicas maps replica names to gRPC targets for the pods of a StatefulSet behind a
// headless Service: <sts>-<i>.<service>[.<namespace>.svc]:<port>.
func StatefulSetReplicas(statefulSet, service string, count int, port int, namespace string) (map[string]string, error) {
	if count < 1 {
		return nil, fmt.Errorf("shard: count must be at least 1, got %d", count)
	}
	domain := service
	if namespace != "" {
		domain = service + "." + namespace + ".svc"
	}
	out := make(map[string]string, count)
	for i := 0; i < count; i++ {
		name := fmt.Sprintf("%s-%d", statefulSet, i)
		out[name] = fmt.Sprintf("%s.%s:%d", name, domain, port)
	}
	return out, nil
}

func checkReplicaNames(replicas []string) error {
	if len(replicas) == 0 {
		return errors.New("shard: the replica list is empty")
	}
	seen := make(map[string]bool, len(replicas))
	for _, r := range replicas {
		if r == "" || strings.Contains(r, "\n") {
			return fmt.Errorf("shard: invalid replica name %q", r)
		}
		if seen[r] {
			return fmt.Errorf("shard: duplicate replica names (%q)", r)
		}
		seen[r] = true
	}
	return nil
}
