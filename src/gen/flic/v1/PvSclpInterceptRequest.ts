// Original file: proto/flic/v1/flic.proto


export interface PvSclpInterceptRequest {
  'vmId'?: (string);
}

export interface PvSclpInterceptRequest__Output {
  'vmId': (string);
}
