"""The package's constants against the server's own (src/device/abi.ts, errno.ts, loader.ts)."""

from __future__ import annotations

import re

import pytest

import flic
from flic import abi, client, errors, status


def test_every_constant_equals_the_servers(ts_abi: dict) -> None:
    ours = {name: getattr(abi, name) for name in abi.__all__ if name.isupper() and isinstance(getattr(abi, name), int)}
    theirs = {name: int(value) for name, value in ts_abi["constants"].items()}
    # Names only the package has: none may be unknown to the server.
    assert sorted(set(ours) - set(theirs)) == []
    assert {name: theirs[name] for name in ours} == ours
    # Every type code and group the server defines is here too.
    wanted = {n for n in theirs if n.startswith(("KVM_S390_INT_", "KVM_S390_SIGP_", "KVM_DEV_FLIC_"))}
    wanted |= {"KVM_S390_MCHK", "KVM_S390_PROGRAM_INT", "KVM_S390_RESTART"}
    assert sorted(wanted - set(ours)) == []


def test_group_names_equal_the_servers(ts_abi: dict) -> None:
    assert {str(k): v for k, v in abi.FLIC_GROUP_NAMES.items()} == ts_abi["groupNames"]
    assert abi.group_name(12) == "KVM_DEV_FLIC_GROUP_12"


def test_errnos_equal_the_servers(ts_abi: dict) -> None:
    assert dict(errors.ERRNO) == ts_abi["errno"]
    assert set(ts_abi["errnoStatus"]) == set(errors.ERRNO)
    assert errors.errno_name(22) == "EINVAL" and errors.errno_name(999) is None


def test_wire_names_and_limits_equal_the_servers(ts_abi: dict) -> None:
    assert client.MAX_MESSAGE_BYTES == ts_abi["maxMessageBytes"]
    assert client.VM_ID_KEY == ts_abi["vmIdKey"]
    assert client.READ_ALL_FIRST_GUESS == int(ts_abi["readAllFirstGuess"])
    assert status.FLIC_ERROR_DOMAIN == ts_abi["errorDomain"]
    assert status.STATUS_DETAILS_KEY == ts_abi["statusDetailsKey"]
    assert status.WRITTEN_KEY == ts_abi["writtenKey"]


def test_io_type_builds_the_kernel_code() -> None:
    assert flic.io_type(0xFE, 0, 5) == 0x03F80005
    assert flic.io_type(0xFF, 3, 0xFFFF, ai=True) == 0x07FFFFFF
    assert flic.is_io_type(0x07FFFFFF) and flic.is_io_type(abi.KVM_S390_INT_IO_MAX)
    assert not flic.is_io_type(abi.KVM_S390_SIGP_STOP)
    assert flic.io_type(0, 0, 0, ai=True) == abi.KVM_S390_INT_IO_ADAPTER
    for bad in [(256, 0, 0), (0, 4, 0), (0, 0, 0x10000), (-1, 0, 0)]:
        with pytest.raises(ValueError):
            flic.io_type(*bad)


def test_isc_words() -> None:
    assert flic.isc_to_int_word(3) == 0x18000000
    assert flic.isc_from_int_word(0x18000000 | abi.IO_INT_WORD_AI) == 3
    assert [flic.isc_from_int_word(flic.isc_to_int_word(i)) for i in range(8)] == list(range(8))
    with pytest.raises(ValueError):
        flic.isc_to_int_word(8)
    assert flic.schid_word(0xFE01, 5) == 0xFE010005
    with pytest.raises(ValueError):
        flic.schid_word(0x10000, 0)


def test_channel_options_carry_the_limit() -> None:
    assert dict(client.channel_options()) == {
        "grpc.max_receive_message_length": client.MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": client.MAX_MESSAGE_BYTES,
    }


def test_the_type_code_table_of_docs_records_md() -> None:
    from conftest import REPO

    rows = re.findall(r"^\| `(0x[0-9A-F]{8})` \| `(KVM_\w+)` \|", (REPO / "docs" / "records.md").read_text(), re.M)
    assert len(rows) == 13
    assert {name: int(value, 16) for value, name in rows} == {name: getattr(abi, name) for _, name in rows}
