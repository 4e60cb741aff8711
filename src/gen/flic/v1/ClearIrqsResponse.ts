// Original file: proto/flic/v1/flic.proto


export interface ClearIrqsResponse {
}

export interface ClearIrqsResponse__Output {
}
