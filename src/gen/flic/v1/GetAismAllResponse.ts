// Original file: proto/flic/v1/flic.proto


/**
 * struct kvm_s390_ais_all: MSB0 bit i of each mask belongs to ISC i.
 */
export interface GetAismAllResponse {
  'simm'?: (number);
  'nimm'?: (number);
}

/**
 * struct kvm_s390_ais_all: MSB0 bit i of each mask belongs to ISC i.
 */
export interface GetAismAllResponse__Output {
  'simm': (number);
  'nimm': (number);
}
