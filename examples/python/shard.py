#!/usr/bin/env python3
"""Which replica of a sharded flic farm holds a VM: a command line over flic.shard (the shard
function of docs/sharding.md, in the flic package, clients/python; it needs only the standard
library, so PYTHONPATH=clients/python/src is enough without installing).

A Python harness that talks to a sharded farm without a proxy routes each VM-addressed call to
flic.pick_replica(names, vm_id); FlicClient sends the `flic-vm-id` header itself.

    python3 shard.py --check                      # verify against docs/sharding-vectors.json
    python3 shard.py --replicas flic-0,flic-1,flic-2 vm-0 vm-1
    python3 shard.py --statefulset flic --service flic --count 3 vm-0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flic.shard import DEFAULT_GRPC_PORT, pick_replica, rank_replicas, score, statefulset_replicas

VECTORS = Path(__file__).resolve().parent.parent.parent / "docs" / "sharding-vectors.json"


def check(path: Path = VECTORS) -> int:
    """Checks flic.shard against the vector file; returns the number of vectors checked."""
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
