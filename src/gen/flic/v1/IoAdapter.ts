// Original file: proto/flic/v1/flic.proto


/**
 * struct kvm_s390_io_adapter.
 */
export interface IoAdapter {
  /**
   * 0..63.
   */
  'id'?: (number);
  /**
   * A byte, not validated by the kernel.
   */
  'isc'?: (number);
  'maskable'?: (boolean);
  'swap'?: (boolean);
  /**
   * Bit 0x01 = KVM_S390_ADAPTER_SUPPRESSIBLE; other bits are ignored.
   */
  'flags'?: (number);
}

/**
 * struct kvm_s390_io_adapter.
 */
export interface IoAdapter__Output {
  /**
   * 0..63.
   */
  'id': (number);
  /**
   * A byte, not validated by the kernel.
   */
  'isc': (number);
  'maskable': (boolean);
  'swap': (boolean);
  /**
   * Bit 0x01 = KVM_S390_ADAPTER_SUPPRESSIBLE; other bits are ignored.
   */
  'flags': (number);
}
