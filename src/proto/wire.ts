// The names flic puts on the wire besides the messages of flic.proto: its default port, the
// metadata keys of requests and trailers, and how a device error is labelled inside the standard
// google.rpc.Status trailer (design.md §4; docs/errors.md). Plain constants: anything may import them.

/** The gRPC port a server listens on and a client dials when none is given. */
export const DEFAULT_PORT = 50051;

/**
 * Request metadata naming the VM, for proxies that route by header (design.md §6). When present it
 * must name the request's own vm_id (a mismatch is refused with EINVAL).
 */
export const VM_ID_KEY = 'flic-vm-id';
/** Response header of every call: the server process's boot id (a new random id at each start). */
export const BOOT_ID_KEY = 'flic-boot-id';
/** Trailer with the bytes a failed GET had already written at addr (KvmError.written). */
export const WRITTEN_KEY = 'flic-written-bin';
/** The standard trailer that carries a serialized google.rpc.Status. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** ErrorInfo.domain of every device error. */
export const FLIC_ERROR_DOMAIN = 'flic.s390.kvm';
/** The type URL of ErrorInfo inside google.protobuf.Any. */
export const ERROR_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.ErrorInfo';
/** ErrorInfo.metadata keys flic always sets; a device error may add figures of its own. */
export const ERRNO_METADATA_KEY = 'errno';
export const GROUP_METADATA_KEY = 'group';
/**
 * The ErrorInfo group of a request refused before it reached the device: undecodable bytes, a
 * list past its limit, a bad compressed frame, a wrong message count, a `flic-vm-id` mismatch.
 */
export const REQUEST_GROUP = 'REQUEST';
