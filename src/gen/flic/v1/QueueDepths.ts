// Original file: proto/flic/v1/flic.proto


export interface QueueDepths {
  /**
   * Pending I/O interrupts per ISC 0..7.
   */
  'io'?: (number)[];
  /**
   * GISA interruption-pending bits per ISC 0..7 (0 or 1 each).
   */
  'gisa'?: (number)[];
  'virtio'?: (number);
  'pfault'?: (number);
  'service'?: (number);
  'mchk'?: (number);
  /**
   * Records GET_ALL_IRQS would return now.
   */
  'total'?: (number);
}

export interface QueueDepths__Output {
  /**
   * Pending I/O interrupts per ISC 0..7.
   */
  'io': (number)[];
  /**
   * GISA interruption-pending bits per ISC 0..7 (0 or 1 each).
   */
  'gisa': (number)[];
  'virtio': (number);
  'pfault': (number);
  'service': (number);
  'mchk': (number);
  /**
   * Records GET_ALL_IRQS would return now.
   */
  'total': (number);
}
