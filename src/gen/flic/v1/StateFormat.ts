// Original file: proto/flic/v1/flic.proto

export const StateFormat = {
  /**
   * The same as STATE_FORMAT_FLIC.
   */
  STATE_FORMAT_UNSPECIFIED: 'STATE_FORMAT_UNSPECIFIED',
  /**
   * flic's own, lossless and versioned: proto/flic/state/v1/state.proto, docs/state.md.
   */
  STATE_FORMAT_FLIC: 'STATE_FORMAT_FLIC',
  /**
   * The body of QEMU's s390-flic VMState section (version 1).
   */
  STATE_FORMAT_QEMU: 'STATE_FORMAT_QEMU',
} as const;

export type StateFormat =
  /**
   * The same as STATE_FORMAT_FLIC.
   */
  | 'STATE_FORMAT_UNSPECIFIED'
  | 0
  /**
   * flic's own, lossless and versioned: proto/flic/state/v1/state.proto, docs/state.md.
   */
  | 'STATE_FORMAT_FLIC'
  | 1
  /**
   * The body of QEMU's s390-flic VMState section (version 1).
   */
  | 'STATE_FORMAT_QEMU'
  | 2

export type StateFormat__Output = typeof StateFormat[keyof typeof StateFormat]
