// Original file: proto/flic/v1/flic.proto


export interface ClearIoIrqResponse {
}

export interface ClearIoIrqResponse__Output {
}
