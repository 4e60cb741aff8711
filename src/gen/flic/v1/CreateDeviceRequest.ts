// Original file: proto/flic/v1/flic.proto


export interface CreateDeviceRequest {
  'vmId'?: (string);
  /**
   * 6 = KVM_DEV_TYPE_FLIC.
   */
  'type'?: (number);
  /**
   * Bit 0 = KVM_CREATE_DEVICE_TEST.
   */
  'flags'?: (number);
}

export interface CreateDeviceRequest__Output {
  'vmId': (string);
  /**
   * 6 = KVM_DEV_TYPE_FLIC.
   */
  'type': (number);
  /**
   * Bit 0 = KVM_CREATE_DEVICE_TEST.
   */
  'flags': (number);
}
