// Original file: proto/flic/v1/flic.proto


export interface ApfDisableWaitResponse {
}

export interface ApfDisableWaitResponse__Output {
}
