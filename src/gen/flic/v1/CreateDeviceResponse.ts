// Original file: proto/flic/v1/flic.proto


export interface CreateDeviceResponse {
  /**
   * False for a TEST create.
   */
  'created'?: (boolean);
}

export interface CreateDeviceResponse__Output {
  /**
   * False for a TEST create.
   */
  'created': (boolean);
}
