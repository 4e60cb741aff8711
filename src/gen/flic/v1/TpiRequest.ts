// Original file: proto/flic/v1/flic.proto


/**
 * CR6's ISC bits: ISC n is enabled iff isc_mask & (0x80000000 >> n).
 */
export interface TpiRequest {
  'vmId'?: (string);
  'iscMask'?: (number);
}

/**
 * CR6's ISC bits: ISC n is enabled iff isc_mask & (0x80000000 >> n).
 */
export interface TpiRequest__Output {
  'vmId': (string);
  'iscMask': (number);
}
