// Original file: proto/flic/v1/flic.proto


export interface ClearIrqsRequest {
  'vmId'?: (string);
}

export interface ClearIrqsRequest__Output {
  'vmId': (string);
}
