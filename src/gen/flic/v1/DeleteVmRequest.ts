// Original file: proto/flic/v1/flic.proto


export interface DeleteVmRequest {
  'vmId'?: (string);
}

export interface DeleteVmRequest__Output {
  'vmId': (string);
}
