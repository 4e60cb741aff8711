// Original file: proto/flic/v1/flic.proto


/**
 * struct kvm_s390_ais_req.
 */
export interface AismRequest {
  'vmId'?: (string);
  'isc'?: (number);
  /**
   * 0 = KVM_S390_AIS_MODE_ALL, 1 = KVM_S390_AIS_MODE_SINGLE; anything else is EINVAL.
   */
  'mode'?: (number);
}

/**
 * struct kvm_s390_ais_req.
 */
export interface AismRequest__Output {
  'vmId': (string);
  'isc': (number);
  /**
   * 0 = KVM_S390_AIS_MODE_ALL, 1 = KVM_S390_AIS_MODE_SINGLE; anything else is EINVAL.
   */
  'mode': (number);
}
