// Original file: proto/flic/v1/flic.proto


export interface SetAismAllRequest {
  'vmId'?: (string);
  'simm'?: (number);
  'nimm'?: (number);
}

export interface SetAismAllRequest__Output {
  'vmId': (string);
  'simm': (number);
  'nimm': (number);
}
