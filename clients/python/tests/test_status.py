"""Where google.rpc comes from: googleapis-common-protos when installed, else the package's own
generated copy; either way a real error decodes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import flic.status

DECODE = """
import sys
{block}
import flic, flic.status
try:
    flic.FlicClient(sys.argv[1]).vm("py-status-nowhere").clear_irqs()
except flic.KvmError as err:
    print(flic.status.GOOGLE_RPC_SOURCE, err.name, err.errno, err.group)
"""


def run(target: str, block: str = "", extra_path: str = "") -> str:
    env = dict(os.environ)
    paths = [p for p in (extra_path, str(Path(flic.__file__).parents[1]), env.get("PYTHONPATH", "")) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    out = subprocess.run(
        [sys.executable, "-c", DECODE.format(block=block), target], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def test_without_googleapis_the_shipped_copy_decodes(server) -> None:
    # None in sys.modules makes `import google.rpc` fail, as when the package is not installed.
    assert run(server.target, "sys.modules['google.rpc'] = None") == "flic._google_rpc ENOENT 2 VM"


def test_with_googleapis_its_modules_are_used(server, tmp_path: Path) -> None:
    # googleapis-common-protos installs google/rpc/{status,error_details}_pb2.py, generated from
    # the same protos; the package's copies, placed there, stand in for it.
    fake = tmp_path / "google" / "rpc"
    fake.mkdir(parents=True)
    generated = Path(flic.status.__file__).parent / "_google_rpc"
    for name in ("status_pb2.py", "error_details_pb2.py"):
        shutil.copy(generated / name, fake / name)
    assert run(server.target, extra_path=str(tmp_path)) == "googleapis-common-protos ENOENT 2 VM"
