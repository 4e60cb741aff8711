// Original file: proto/flic/v1/flic.proto


export interface ListVmsResponse {
  'vmIds'?: (string)[];
}

export interface ListVmsResponse__Output {
  'vmIds': (string)[];
}
