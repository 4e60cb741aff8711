// The bounds of a flic.v1 request, enforced by the request decoder before anything is built from
// the bytes (docs/limits.md states them for people; a test keeps the two in step). Every repeated
// field that a request can carry has a row in REQUEST_LIST_LIMITS: the decoder refuses to start
// when one is missing, so a new list cannot arrive unbounded.

import { KVM_S390_FLIC_MAX_BUFFER, KVM_S390_IRQ_SIZE } from '../device/abi/index.js';
import { GUEST_MEMORY_MAX_RANGES } from '../device/vmConfig.js';
import { MAX_MESSAGE_BYTES } from './loader.js';

/** The kernel's largest ENQUEUE: KVM_S390_FLIC_MAX_BUFFER / sizeof(struct kvm_s390_irq) records. */
export const ENQUEUE_MAX_RECORDS = Math.floor(KVM_S390_FLIC_MAX_BUFFER / KVM_S390_IRQ_SIZE);

/**
 * Entries a repeated field may hold in one request (counted over the whole request), keyed by the
 * field's full proto name, with the reason the limit is what it is.
 */
export const REQUEST_LIST_LIMITS: Readonly<Record<string, { readonly limit: number; readonly why: string }>> = {
  'flic.v1.EnqueueRequest.irqs': {
    limit: ENQUEUE_MAX_RECORDS,
    why: 'KVM_S390_FLIC_MAX_BUFFER / 72, the largest ENQUEUE the kernel accepts',
  },
  'flic.v1.VmConfig.guest_memory': {
    limit: GUEST_MEMORY_MAX_RANGES,
    why: 'the ranges a VM configuration may describe (the device refuses more)',
  },
};

/**
 * Bytes of a string field. The only strings of the requests are vm_ids, which the device limits
 * to 128 printable ASCII characters with its own message; past this bound the bytes are not even
 * decoded.
 */
export const REQUEST_STRING_MAX_BYTES = 1024;

/** A request of a method that carries no bulk data: a vm_id and a few numbers (or 1,024 ranges). */
export const SMALL_REQUEST_BYTES = 64 * 1024;

/**
 * Request types that carry bulk data (raw attribute bytes, typed records): up to the message limit
 * that the largest legal ENQUEUE needs, on the wire and decompressed. Every other request, of any
 * service, is held to SMALL_REQUEST_BYTES.
 */
export const LARGE_REQUEST_TYPES: ReadonlySet<string> = new Set(['flic.v1.DeviceAttrRequest', 'flic.v1.EnqueueRequest', 'flic.v1.ImportVmRequest']);

export function requestBytesLimit(requestType: string | undefined): number {
  return requestType !== undefined && LARGE_REQUEST_TYPES.has(requestType) ? MAX_MESSAGE_BYTES : SMALL_REQUEST_BYTES;
}
