// Original file: proto/flic/v1/flic.proto


export interface CreateVmResponse {
  'vmId'?: (string);
}

export interface CreateVmResponse__Output {
  'vmId': (string);
}
