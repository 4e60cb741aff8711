// Original file: proto/flic/v1/flic.proto


export interface AirqInjectResponse {
}

export interface AirqInjectResponse__Output {
}
