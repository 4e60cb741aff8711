// Original file: proto/flic/v1/flic.proto


/**
 * The io member of the union.
 */
export interface IoPayload {
  'subchannelId'?: (number);
  'subchannelNr'?: (number);
  'ioIntParm'?: (number);
  'ioIntWord'?: (number);
}

/**
 * The io member of the union.
 */
export interface IoPayload__Output {
  'subchannelId': (number);
  'subchannelNr': (number);
  'ioIntParm': (number);
  'ioIntWord': (number);
}
