"""The shard function against docs/sharding-vectors.json (the normative vectors)."""

from __future__ import annotations

import json

import pytest

from flic import shard
from conftest import REPO

VECTORS = json.loads((REPO / "docs" / "sharding-vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("vector", VECTORS["scores"], ids=lambda v: f"{v['replica']}/{v['vm']}")
def test_scores(vector: dict) -> None:
    assert format(shard.score(vector["replica"], vector["vm"]), "016x") == vector["score"]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: f"{','.join(c['replicas'])}/{c['vm']}")
def test_cases(case: dict) -> None:
    assert shard.rank_replicas(case["replicas"], case["vm"]) == case["ranking"]
    assert shard.pick_replica(case["replicas"], case["vm"]) == case["chosen"]


def test_there_are_vectors() -> None:
    assert len(VECTORS["scores"]) > 10 and len(VECTORS["cases"]) > 10


def test_ties_go_to_the_smallest_utf8_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shard, "score", lambda replica, vm_id: 7)
    # U+FFFF is EF BF BF in UTF-8 and sorts before U+10000 (F0 90 80 80), unlike in UTF-16.
    assert shard.pick_replica(["\U00010000", "\uffff"], "vm-0") == "\uffff"
    assert shard.pick_replica(["flic-b", "flic-a"], "vm-0") == "flic-a"


@pytest.mark.parametrize(
    "names, message",
    [([], "empty"), (["flic-0", "flic-0"], "duplicate"), (["flic-0", "a\nb"], "invalid"), ([""], "invalid")],
)
def test_bad_replica_lists(names: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        shard.pick_replica(names, "vm-0")


def test_statefulset_replicas() -> None:
    assert shard.statefulset_replicas("flic", "flic", 2) == {
        "flic-0": "flic-0.flic:50051",
        "flic-1": "flic-1.flic:50051",
    }
    assert shard.statefulset_replicas("flic", "flic-hl", 1, 7000, "farm") == {"flic-0": "flic-0.flic-hl.farm.svc:7000"}
    with pytest.raises(ValueError):
        shard.statefulset_replicas("flic", "flic", 0)
