// Original file: proto/flic/v1/flic.proto


export interface EnqueueResponse {
}

export interface EnqueueResponse__Output {
}
