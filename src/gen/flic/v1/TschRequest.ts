// Original file: proto/flic/v1/flic.proto


/**
 * subchannel_id << 16 | subchannel_nr; 0 dequeues nothing.
 */
export interface TschRequest {
  'vmId'?: (string);
  'schid'?: (number);
}

/**
 * subchannel_id << 16 | subchannel_nr; 0 dequeues nothing.
 */
export interface TschRequest__Output {
  'vmId': (string);
  'schid': (number);
}
