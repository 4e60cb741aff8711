// Original file: proto/flic/v1/flic.proto

import type { IoPayload as _flic_v1_IoPayload, IoPayload__Output as _flic_v1_IoPayload__Output } from '../../flic/v1/IoPayload.js';
import type { ExtPayload as _flic_v1_ExtPayload, ExtPayload__Output as _flic_v1_ExtPayload__Output } from '../../flic/v1/ExtPayload.js';
import type { MchkPayload as _flic_v1_MchkPayload, MchkPayload__Output as _flic_v1_MchkPayload__Output } from '../../flic/v1/MchkPayload.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One struct kvm_s390_irq. The kernel reads the union member that `type` selects, so a payload
 * that does not match the type is read the way the kernel would read those bytes.
 */
export interface Interrupt {
  /**
   * The raw 64-bit type code, kept as the kernel has it (I/O codes are
   * schid | ssid << 16 | cssid << 18 | ai << 26).
   */
  'type'?: (number | string | Long);
  'io'?: (_flic_v1_IoPayload | null);
  'ext'?: (_flic_v1_ExtPayload | null);
  'mchk'?: (_flic_v1_MchkPayload | null);
  /**
   * Any other union member, up to 64 raw bytes (zero-padded).
   */
  'raw'?: (Buffer | Uint8Array | string);
  /**
   * Unset means an all-zero union.
   */
  'payload'?: "io"|"ext"|"mchk"|"raw";
}

/**
 * One struct kvm_s390_irq. The kernel reads the union member that `type` selects, so a payload
 * that does not match the type is read the way the kernel would read those bytes.
 */
export interface Interrupt__Output {
  /**
   * The raw 64-bit type code, kept as the kernel has it (I/O codes are
   * schid | ssid << 16 | cssid << 18 | ai << 26).
   */
  'type': (string);
  'io'?: (_flic_v1_IoPayload__Output | null);
  'ext'?: (_flic_v1_ExtPayload__Output | null);
  'mchk'?: (_flic_v1_MchkPayload__Output | null);
  /**
   * Any other union member, up to 64 raw bytes (zero-padded).
   */
  'raw'?: (Buffer);
  /**
   * Unset means an all-zero union.
   */
  'payload'?: "io"|"ext"|"mchk"|"raw";
}
