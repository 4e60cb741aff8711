// Original file: proto/flic/v1/flic.proto


export interface AismResponse {
}

export interface AismResponse__Output {
}
