"""The flic shard function (docs/sharding.md): which replica of a farm holds a VM.

A harness that talks to a sharded farm without a proxy sends each VM-addressed call to
pick_replica(names, vm_id); FlicClient adds the ``flic-vm-id`` header itself. tests/test_shard.py
checks this module against docs/sharding-vectors.json. Standard library only.
"""

from __future__ import annotations

import hashlib
from typing import Optional, Sequence

DEFAULT_GRPC_PORT = 50051


def score(replica: str, vm_id: str) -> int:
    """First 8 bytes of SHA-256(UTF-8(replica + "\\n" + vm_id)), as a big-endian unsigned integer."""
    digest = hashlib.sha256((replica + "\n" + vm_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def rank_replicas(replicas: Sequence[str], vm_id: str) -> list[str]:
    """Every replica, best first: highest score; equal scores go to the bytewise-smallest UTF-8 name."""
    _check_names(replicas)
    return sorted(replicas, key=lambda r: (-score(r, vm_id), r.encode("utf-8")))


def pick_replica(replicas: Sequence[str], vm_id: str) -> str:
    """The replica that holds vm_id."""
    return rank_replicas(replicas, vm_id)[0]


def statefulset_replicas(
    statefulset: str, service: str, count: int, port: int = DEFAULT_GRPC_PORT, namespace: Optional[str] = None
) -> dict[str, str]:
    """Replica name -> gRPC target for the pods of a StatefulSet behind a headless Service."""
    if count < 1:
        raise ValueError("shard: count must be at least 1")
    domain = service if namespace is None else f"{service}.{namespace}.svc"
    return {f"{statefulset}-{i}": f"{statefulset}-{i}.{domain}:{port}" for i in range(count)}


def _check_names(replicas: Sequence[str]) -> None:
    if not replicas:
        raise ValueError("shard: the replica list is empty")
    if len(set(replicas)) != len(replicas):
        raise ValueError("shard: duplicate replica names")
    if any(not r or "\n" in r for r in replicas):
        raise ValueError("shard: invalid replica name")
