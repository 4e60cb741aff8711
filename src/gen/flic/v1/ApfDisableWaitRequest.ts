// Original file: proto/flic/v1/flic.proto


export interface ApfDisableWaitRequest {
  'vmId'?: (string);
}

export interface ApfDisableWaitRequest__Output {
  'vmId': (string);
}
