// Original file: proto/flic/v1/flic.proto


export interface ServiceState {
  /**
   * SERVICE or SERVICE_EV pending: GET_ALL_IRQS reports one record.
   */
  'pending'?: (boolean);
  'sccbPending'?: (boolean);
  'eventPending'?: (boolean);
  'extParams'?: (number);
}

export interface ServiceState__Output {
  /**
   * SERVICE or SERVICE_EV pending: GET_ALL_IRQS reports one record.
   */
  'pending': (boolean);
  'sccbPending': (boolean);
  'eventPending': (boolean);
  'extParams': (number);
}
