// Original file: proto/flic/v1/flic.proto


export interface ReinjectIoResponse {
}

export interface ReinjectIoResponse__Output {
}
