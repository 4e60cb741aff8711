// Original file: proto/flic/v1/flic.proto


export interface ApfEnableRequest {
  'vmId'?: (string);
}

export interface ApfEnableRequest__Output {
  'vmId': (string);
}
