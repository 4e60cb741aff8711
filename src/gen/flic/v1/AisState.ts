// Original file: proto/flic/v1/flic.proto


export interface AisState {
  'facility'?: (boolean);
  'simm'?: (number);
  'nimm'?: (number);
}

export interface AisState__Output {
  'facility': (boolean);
  'simm': (number);
  'nimm': (number);
}
