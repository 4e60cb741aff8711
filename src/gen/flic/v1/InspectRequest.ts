// Original file: proto/flic/v1/flic.proto


export interface InspectRequest {
  'vmId'?: (string);
}

export interface InspectRequest__Output {
  'vmId': (string);
}
