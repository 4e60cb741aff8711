"""The formats of a VM's state blob (docs/state.md): FlicClient.export_vm and import_vm take one
as a StateFormat, its name ("flic", "qemu") or the wire number. Needs protobuf (not grpcio).
"""

from __future__ import annotations

import enum
from typing import Union

from flic.v1 import flic_pb2


class StateFormat(enum.IntEnum):
    """flic.v1.StateFormat."""

    #: The same as FLIC.
    UNSPECIFIED = flic_pb2.STATE_FORMAT_UNSPECIFIED
    #: flic's own: lossless and versioned, the configuration and whether the FLIC exists included.
    FLIC = flic_pb2.STATE_FORMAT_FLIC
    #: The body of QEMU's s390-flic VMState section (version 1): the records and the AIS masks.
    QEMU = flic_pb2.STATE_FORMAT_QEMU


#: What export_vm and import_vm accept as a format.
StateFormatLike = Union[StateFormat, int, str]


def state_format(format: StateFormatLike) -> int:
    """The wire number of a format: a StateFormat, its name in any case ("flic", "qemu"), or a
    number, sent as it is (the server answers a number it does not define with EINVAL)."""
    if isinstance(format, str):
        try:
            return int(StateFormat[format.upper()])
        except KeyError:
            names = ", ".join(repr(f.name.lower()) for f in StateFormat)
            raise ValueError(f"unknown state format {format!r} (one of {names})") from None
    if isinstance(format, bool) or not isinstance(format, int):
        raise TypeError(f"a state format is a StateFormat, a name or a number, got {format!r}")
    return int(format)
