// Original file: proto/flic/v1/flic.proto


export interface AdapterRegisterResponse {
}

export interface AdapterRegisterResponse__Output {
}
