// errno → gRPC status code: the one table (design.md §4). docs/errors.md and the header of
// flic.proto state it for people; test/proto/wire.test.ts checks that both say what this says.
import { status } from '@grpc/grpc-js';
import type { ErrnoName } from '../device/errno.js';

/** Typed over every ErrnoName, so an errno added to errno.ts without a row here fails to compile. */
export const ERRNO_STATUS: { readonly [E in ErrnoName]: status } = {
  EINVAL: status.INVALID_ARGUMENT,
  EFAULT: status.INVALID_ARGUMENT,
  ENOMEM: status.RESOURCE_EXHAUSTED,
  ENOBUFS: status.RESOURCE_EXHAUSTED,
  ENOSPC: status.RESOURCE_EXHAUSTED,
  EBUSY: status.RESOURCE_EXHAUSTED,
  EEXIST: status.ALREADY_EXISTS,
  ENOENT: status.NOT_FOUND,
  ENODEV: status.NOT_FOUND,
  ENXIO: status.NOT_FOUND,
  EOPNOTSUPP: status.FAILED_PRECONDITION,
  // A QEMU-format ImportVm whose AIS subsection meets a VM without AIS: QEMU's own answer
  // (kvm_flic_ais_post_load), a mismatch of the VM's configuration rather than of the request.
  ENOSYS: status.FAILED_PRECONDITION,
  // A conditional DeleteVm whose VM changed since the state it names was exported: gRPC's code for
  // a failed check of a concurrent change (read, compare, write).
  ESTALE: status.ABORTED,
  EPERM: status.PERMISSION_DENIED,
  EACCES: status.PERMISSION_DENIED,
  // Not in design.md's table: "inappropriate ioctl for this device", an operation the device does
  // not have at all.
  ENOTTY: status.UNIMPLEMENTED,
};
