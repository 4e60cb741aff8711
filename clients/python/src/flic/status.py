"""Decoding a failed call: the google.rpc.Status in the ``grpc-status-details-bin`` trailer, and
the KvmError its ErrorInfo describes.

google.rpc comes from googleapis-common-protos when it is installed (so that this package and
any other user of ``google.rpc`` share one copy in protobuf's descriptor pool); otherwise from
the copy generated into this package (flic._google_rpc), which needs nothing beyond protobuf.
"""

from __future__ import annotations

from typing import Optional

import grpc

try:
    from google.rpc import error_details_pb2, status_pb2
except ImportError:
    from flic._google_rpc import error_details_pb2, status_pb2

from flic.errors import ERRNO, KvmError

#: ErrorInfo.domain of every flic device error.
FLIC_ERROR_DOMAIN = "flic.s390.kvm"
#: The standard trailer that carries a serialized google.rpc.Status.
STATUS_DETAILS_KEY = "grpc-status-details-bin"
#: The trailer with the bytes a failed GET had already written (original profile only).
WRITTEN_KEY = "flic-written-bin"

#: Where google.rpc was loaded from: "googleapis-common-protos" or "flic._google_rpc".
GOOGLE_RPC_SOURCE = (
    "flic._google_rpc" if status_pb2.__name__.startswith("flic.") else "googleapis-common-protos"
)

__all__ = [
    "FLIC_ERROR_DOMAIN",
    "GOOGLE_RPC_SOURCE",
    "STATUS_DETAILS_KEY",
    "WRITTEN_KEY",
    "error_details_pb2",
    "kvm_error",
    "rpc_status",
    "status_pb2",
]


def _trailer(err: grpc.RpcError, key: str) -> Optional[bytes]:
    for k, v in err.trailing_metadata() or ():  # type: ignore[attr-defined]
        if k == key:
            return v
    return None


def rpc_status(err: grpc.RpcError) -> Optional[status_pb2.Status]:
    """The google.rpc.Status of a failed call, or None when it has none."""
    raw = _trailer(err, STATUS_DETAILS_KEY)
    if raw is None:
        return None
    return status_pb2.Status.FromString(raw)


def error_info(status: status_pb2.Status) -> Optional[error_details_pb2.ErrorInfo]:
    """The flic ErrorInfo among a status's details, or None."""
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            if info.domain == FLIC_ERROR_DOMAIN and info.reason in ERRNO:
                return info
    return None


def kvm_error(err: grpc.RpcError) -> Optional[KvmError]:
    """The KvmError a failed call carries, or None for a failure that is not a device error
    (UNAVAILABLE, a deadline, INTERNAL, ...)."""
    status = rpc_status(err)
    info = None if status is None else error_info(status)
    if info is None:
        return None
    metadata = dict(info.metadata)
    errno = metadata.pop("errno", None)
    group = metadata.pop("group", "")
    if errno != str(ERRNO[info.reason]):
        # The reason and the number must agree; a status that says otherwise is not flic's.
        return None
    prefix = f"{group}: {info.reason}: "
    message = status.message  # type: ignore[union-attr]
    detail = message[len(prefix) :] if message.startswith(prefix) else message
    return KvmError(info.reason, group, detail, metadata, _trailer(err, WRITTEN_KEY), err.code())  # type: ignore[attr-defined]
