// Original file: proto/flic/v1/flic.proto


export interface AdapterModifyResponse {
}

export interface AdapterModifyResponse__Output {
}
