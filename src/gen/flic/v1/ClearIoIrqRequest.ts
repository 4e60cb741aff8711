// Original file: proto/flic/v1/flic.proto


export interface ClearIoIrqRequest {
  'vmId'?: (string);
  /**
   * The high half of the schid word.
   */
  'subchannelId'?: (number);
  /**
   * The low half of the schid word.
   */
  'subchannelNr'?: (number);
}

export interface ClearIoIrqRequest__Output {
  'vmId': (string);
  /**
   * The high half of the schid word.
   */
  'subchannelId': (number);
  /**
   * The low half of the schid word.
   */
  'subchannelNr': (number);
}
