"""Fixtures: the real flic server (the repository's build, started here on 127.0.0.1 with ephemeral
ports), a client of it, fresh VMs, and the server's own constants (clients/testdata/ts-abi.mjs).

A test whose tool is missing skips with a message naming it; with FLIC_REQUIRE_ALL=1 (CI sets it)
the same test fails instead, so nothing can skip silently there.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import threading
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

import pytest

REPO = Path(os.environ.get("FLIC_REPO") or Path(__file__).resolve().parents[3])
SERVER_MAIN = REPO / "dist" / "src" / "server" / "main.js"
STARTUP_SECONDS = 30


def need(available: object, missing: str) -> None:
    """Skips the test (fails it under FLIC_REQUIRE_ALL=1) when `available` is falsy."""
    if available:
        return
    if os.environ.get("FLIC_REQUIRE_ALL") == "1":
        pytest.fail(f"missing {missing} (FLIC_REQUIRE_ALL=1)", pytrace=False)
    pytest.skip(f"missing {missing}")


def node() -> str:
    path = os.environ.get("FLIC_NODE") or shutil.which("node")
    need(path, "node (the flic server runs on Node.js; set FLIC_NODE or put node on PATH)")
    need(SERVER_MAIN.exists(), f"{SERVER_MAIN} (run `npm ci && npm run build` in {REPO})")
    return path  # type: ignore[return-value]


class Server(NamedTuple):
    process: subprocess.Popen
    target: str
    metrics_port: int


def start_server(*args: str) -> Server:
    """A flic server process; returns once it logs its `flic listening` line."""
    cmd = [node(), str(SERVER_MAIN), "--host", "127.0.0.1", "--port", "0"]
    cmd += ["--metrics-host", "127.0.0.1", "--metrics-port", "0", *args]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    listening: dict = {}
    seen: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "flic listening":
                listening.update(entry)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(STARTUP_SECONDS)
    if not listening:
        process.kill()
        process.wait()
        raise RuntimeError("flic did not start:\n" + "".join(seen))
    # Keep draining stdout so that the server never blocks on a full pipe.
    threading.Thread(target=_drain, args=(process,), daemon=True).start()
    return Server(process, f"127.0.0.1:{listening['port']}", int(listening["metricsPort"]))


def _drain(process: subprocess.Popen) -> None:
    for _ in process.stdout:  # type: ignore[union-attr]
        pass


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def client(server: Server):
    from flic import FlicClient

    with FlicClient(server.target) as c:
        yield c


_vm_ids = itertools.count(1)


@pytest.fixture
def vm(client, request):
    """A fresh VM with its FLIC (the test's own VmConfig through the `vm_config` marker)."""
    marker: Optional[pytest.Mark] = request.node.get_closest_marker("vm_config")
    vm_id = f"py-{next(_vm_ids)}-{request.node.originalname}"
    client.create_vm(vm_id, **(marker.kwargs if marker else {}))
    handle = client.vm(vm_id)
    handle.create_device()
    yield handle
    client.delete_vm(vm_id)


@pytest.fixture(scope="session")
def ts_abi() -> dict:
    """The server's constants, printed by clients/testdata/ts-abi.mjs from the build."""
    out = subprocess.run(
        [node(), str(REPO / "clients" / "testdata" / "ts-abi.mjs")], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "vm_config(**fields): the VmConfig of the `vm` fixture's VM")
