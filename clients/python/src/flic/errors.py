"""KvmError: a flic device error with the kernel's errno, as the server reported it.

Standard library only; flic.status builds a KvmError from a failed gRPC call.
"""

from __future__ import annotations

from typing import Mapping, Optional

#: The Linux errno numbers a flic device error can carry (the server's src/device/errno.ts).
ERRNO: Mapping[str, int] = {
    "EPERM": 1,
    "ENOENT": 2,
    "ENXIO": 6,
    "ENOMEM": 12,
    "EACCES": 13,
    "EFAULT": 14,
    "EBUSY": 16,
    "EEXIST": 17,
    "ENODEV": 19,
    "EINVAL": 22,
    "ENOTTY": 25,
    "ENOSPC": 28,
    "ENOSYS": 38,
    "EOPNOTSUPP": 95,
    "ENOBUFS": 105,
    "ESTALE": 116,
}

_NAME_BY_NUMBER = {number: name for name, number in ERRNO.items()}


def errno_name(errno: int) -> Optional[str]:
    """The name of a Linux errno number flic uses ("EINVAL" for 22), or None."""
    return _NAME_BY_NUMBER.get(errno)


class KvmError(Exception):
    """A device error: the errno the kernel would have returned, and where.

    Attributes:
        errno: the Linux number (22).
        name: the errno's name ("EINVAL").
        group: the kernel group or operation ("KVM_DEV_FLIC_CLEAR_IO_IRQ", "VM", ...).
        detail: the server's explanation, without the "GROUP: ERRNO: " prefix.
        metadata: the ErrorInfo's other entries, for example ``requiredBytes`` of a GET_ALL_IRQS
            ENOMEM (errno and group are the attributes above).
        written: bytes a failed call had already written (the ``flic-written-bin`` trailer; only
            the original profile's GET_ALL_IRQS), else None.
        code: the gRPC status code (a grpc.StatusCode) when built from a call, else None.

    Raised from the grpc.RpcError it was decoded from (``__cause__``).
    """

    def __init__(
        self,
        name: str,
        group: str,
        detail: str = "",
        metadata: Optional[Mapping[str, str]] = None,
        written: Optional[bytes] = None,
        code: object = None,
    ) -> None:
        if name not in ERRNO:
            raise ValueError(f"not an errno flic uses: {name!r}")
        super().__init__(f"{group}: {name}: {detail}")
        self.name = name
        self.errno = ERRNO[name]
        self.group = group
        self.detail = detail
        self.metadata: dict[str, str] = dict(metadata or {})
        self.written = written
        self.code = code

    def __repr__(self) -> str:
        return f"KvmError({self.name!r}, {self.group!r}, {self.detail!r}, metadata={self.metadata!r})"
