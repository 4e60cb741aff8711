// Original file: proto/flic/v1/flic.proto


export interface PvSclpInterceptResponse {
}

export interface PvSclpInterceptResponse__Output {
}
