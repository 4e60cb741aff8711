// Original file: proto/flic/v1/flic.proto


export interface LimitedCounter {
  'count'?: (number);
  'limit'?: (number);
}

export interface LimitedCounter__Output {
  'count': (number);
  'limit': (number);
}
