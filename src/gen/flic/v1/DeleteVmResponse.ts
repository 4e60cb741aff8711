// Original file: proto/flic/v1/flic.proto


export interface DeleteVmResponse {
}

export interface DeleteVmResponse__Output {
}
