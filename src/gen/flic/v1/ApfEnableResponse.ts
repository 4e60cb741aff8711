// Original file: proto/flic/v1/flic.proto


export interface ApfEnableResponse {
}

export interface ApfEnableResponse__Output {
}
