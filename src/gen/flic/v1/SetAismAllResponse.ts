// Original file: proto/flic/v1/flic.proto


export interface SetAismAllResponse {
}

export interface SetAismAllResponse__Output {
}
