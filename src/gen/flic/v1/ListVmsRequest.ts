// Original file: proto/flic/v1/flic.proto


export interface ListVmsRequest {
}

export interface ListVmsRequest__Output {
}
