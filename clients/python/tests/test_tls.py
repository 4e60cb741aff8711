"""The client against a server with TLS, mutual TLS and an authorization file (docs/security.md), with
certificates made here by openssl: a CA, the server's (localhost, 127.0.0.1) and a client's."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Iterator, NamedTuple

import grpc
import pytest

from conftest import Server, need, start_server, stop_server

TOKEN = "python-token"


class Pki(NamedTuple):
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _openssl(cwd: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _issue(cwd: Path, name: str, cn: str, ext: list[str]) -> None:
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    addext = [a for e in ext for a in ("-addext", e)]
    _openssl(cwd, "req", *key, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}", *addext)
    _openssl(cwd, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-days", "2",
             "-copy_extensions", "copy", "-out", f"{name}.crt")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    need(shutil.which("openssl"), "openssl (Debian: openssl)")
    d = tmp_path_factory.mktemp("pki")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    _openssl(d, "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=py-ca", "-days", "2")
    _issue(d, "server", "flic-server", ["subjectAltName=DNS:localhost,IP:127.0.0.1", "extendedKeyUsage=serverAuth"])
    _issue(d, "client", "py-harness", ["extendedKeyUsage=clientAuth"])
    return Pki(d / "ca.crt", d / "server.crt", d / "server.key", d / "client.crt", d / "client.key")


@pytest.fixture(scope="module")
def authz(pki: Pki) -> Path:
    path = pki.ca.parent / "authz.yaml"
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    path.write_text(
        "version: 1\n"
        "principals:\n"
        "  - name: python\n"
        f'    identities: ["cn:py-harness", "sha256:{digest}"]\n'
        '    vms: ["py-tls/"]\n'
    )
    return path


@pytest.fixture(scope="module")
def mtls_server(pki: Pki, authz: Path) -> Iterator[Server]:
    running = start_server(
        "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
        "--tls-client-ca", str(pki.ca), "--authz-file", str(authz),
    )
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def tls_server(pki: Pki, authz: Path) -> Iterator[Server]:
    running = start_server("--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key), "--authz-file", str(authz))
    yield running
    stop_server(running)


def test_mutual_tls_with_a_client_certificate(mtls_server: Server, pki: Pki) -> None:
    from flic import FlicClient, KvmError, tls_credentials

    creds = tls_credentials(ca=pki.ca.read_bytes(), cert=pki.client_cert.read_bytes(), key=pki.client_key.read_bytes())
    with FlicClient(mtls_server.target, credentials=creds, server_name="localhost", timeout=10) as client:
        client.create_vm("py-tls/1")
        assert client.list_vms() == ["py-tls/1"]
        with pytest.raises(KvmError) as denied:
            client.create_vm("other/1")
        assert (denied.value.name, denied.value.errno, denied.value.group) == ("EACCES", 13, "CreateVm")
        client.delete_vm("py-tls/1")


def test_mutual_tls_without_a_client_certificate_does_not_connect(mtls_server: Server, pki: Pki) -> None:
    from flic import FlicClient, tls_credentials

    with FlicClient(mtls_server.target, credentials=tls_credentials(ca=pki.ca.read_bytes()), server_name="localhost", timeout=5) as client:
        with pytest.raises(grpc.RpcError) as refused:
            client.list_vms()
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


def test_plaintext_to_a_tls_server_does_not_connect(tls_server: Server) -> None:
    from flic import FlicClient

    with FlicClient(tls_server.target, timeout=5) as client:
        with pytest.raises(grpc.RpcError) as refused:
            client.list_vms()
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


def test_a_bearer_token_over_tls(tls_server: Server, pki: Pki) -> None:
    from flic import FlicClient, tls_credentials

    creds = tls_credentials(ca=pki.ca.read_bytes())
    with FlicClient(tls_server.target, credentials=creds, server_name="localhost", token=TOKEN, timeout=10) as client:
        client.create_vm("py-tls/token")
        assert client.list_vms() == ["py-tls/token"]
    with FlicClient(tls_server.target, credentials=creds, server_name="localhost", token="wrong", timeout=10) as client:
        with pytest.raises(grpc.RpcError) as refused:
            client.list_vms()
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_certificate_needs_its_key() -> None:
    from flic import tls_credentials

    with pytest.raises(ValueError):
        tls_credentials(cert=b"pem")
