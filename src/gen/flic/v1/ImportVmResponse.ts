// Original file: proto/flic/v1/flic.proto


export interface ImportVmResponse {
}

export interface ImportVmResponse__Output {
}
