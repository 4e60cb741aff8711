#!/usr/bin/env python3
"""The flic shard function (docs/sharding.md) in Python: which replica of a farm holds a VM.

A Python harness that talks to a sharded farm without a proxy routes each VM-addressed call to
pick_replica(names, vm_id) and sends the metadata header `flic-vm-id: <vm_id>` on it, exactly as
the TypeScript ShardedFlicClient does. Standard library only.

    python3 shard.py --check                      # verify against docs/sharding-vectors.json
    python3 shard.py --replicas flic-0,flic-1,flic-2 vm-0 vm-1
    python3 shard.py --statefulset flic --service flic --count 3 vm-0
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

VECTORS = Path(__file__).resolve().parent.parent.parent / "docs" / "sharding-vectors.json"
DEFAULT_GRPC_PORT = 50051


def score(replica: str, vm_id: str) -> int:
    """First 8 bytes of SHA-256(UTF-8(replica + "\\n" + vm_id)), as a big-endian unsigned integer."""
    digest = hashlib.sha256((replica + "\n" + vm_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def rank_replicas(replicas: list[str], vm_id: str) -> list[str]:
    """Every replica, best first: highest score; equal scores go to the bytewise-smallest UTF-8 name."""
    _check_names(replicas)
    return sorted(replicas, key=lambda r: (-score(r, vm_id), r.encode("utf-8")))


def pick_replica(replicas: list[str], vm_id: str) -> str:
    """The replica that holds vm_id."""
    return rank_replicas(replicas, vm_id)[0]


def statefulset_replicas(
    statefulset: str, service: str, count: int, port: int = DEFAULT_GRPC_PORT, namespace: str | None = None
) -> dict[str, str]:
    """Replica name -> gRPC target for the pods of a StatefulSet behind a headless Service."""
    domain = service if namespace is None else f"{service}.{namespace}.svc"
    return {f"{statefulset}-{i}": f"{statefulset}-{i}.{domain}:{port}" for i in range(count)}


def _check_names(replicas: list[str]) -> None:
    if not replicas:
        raise ValueError("shard: the replica list is empty")
    if len(set(replicas)) != len(replicas):
        raise ValueError("shard: duplicate replica names")
    if any(not r or "\n" in r for r in replicas):
        raise ValueError("shard: invalid replica name")


def check(path: Path = VECTORS) -> int:
    """Checks this implementation against the vector file; returns the number of vectors checked."""
    vectors = json.loads(path.read_text(encoding="utf-8"))
    for v in vectors["scores"]:
        got = format(score(v["replica"], v["vm"]), "016x")
        if got != v["score"]:
            raise AssertionError(f"score({v['replica']!r}, {v['vm']!r}) = {got}, vector says {v['score']}")
    for c in vectors["cases"]:
        ranking = rank_replicas(c["replicas"], c["vm"])
        if ranking[0] != c["chosen"] or ranking != c["ranking"]:
            raise AssertionError(f"{c['vm']!r} on {c['replicas']}: got {ranking}, vector says {c['ranking']}")
    return len(vectors["scores"]) + len(vectors["cases"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify against the vector file and exit")
    parser.add_argument("--vectors", type=Path, default=VECTORS, help="vector file (default: %(default)s)")
    parser.add_argument("--replicas", help="comma-separated replica names")
    parser.add_argument("--statefulset", help="StatefulSet name (with --service and --count)")
    parser.add_argument("--service", help="headless Service name")
    parser.add_argument("--count", type=int, help="number of replicas")
    parser.add_argument("--port", type=int, default=DEFAULT_GRPC_PORT)
    parser.add_argument("--namespace")
    parser.add_argument("vm_ids", nargs="*")
    args = parser.parse_args(argv)

    if args.check or not args.vm_ids:
        print(f"ok: {check(args.vectors)} vectors match {args.vectors}")
        return 0
    if args.statefulset:
        if not args.service or not args.count:
            parser.error("--statefulset needs --service and --count")
        targets = statefulset_replicas(args.statefulset, args.service, args.count, args.port, args.namespace)
    elif args.replicas:
        targets = {name: name for name in args.replicas.split(",")}
    else:
        parser.error("give --replicas or --statefulset")
    for vm_id in args.vm_ids:
        name = pick_replica(list(targets), vm_id)
        print(f"{vm_id}\t{name}\t{targets[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
