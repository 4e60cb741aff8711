// Original file: proto/flic/v1/flic.proto


/**
 * Bytes the kernel stores into lowcore (big-endian), at offset.
 */
export interface LowcoreStore {
  'offset'?: (number);
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * Bytes the kernel stores into lowcore (big-endian), at offset.
 */
export interface LowcoreStore__Output {
  'offset': (number);
  'data': (Buffer);
}
