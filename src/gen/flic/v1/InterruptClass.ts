// Original file: proto/flic/v1/flic.proto

export const InterruptClass = {
  /**
   * Nothing deliverable.
   */
  INTERRUPT_CLASS_NONE: 'INTERRUPT_CLASS_NONE',
  INTERRUPT_CLASS_IO: 'INTERRUPT_CLASS_IO',
  INTERRUPT_CLASS_EXTERNAL: 'INTERRUPT_CLASS_EXTERNAL',
  INTERRUPT_CLASS_MACHINE_CHECK: 'INTERRUPT_CLASS_MACHINE_CHECK',
  /**
   * A local interrupt of higher priority wins: the simulator delivers it.
   */
  INTERRUPT_CLASS_LOCAL: 'INTERRUPT_CLASS_LOCAL',
} as const;

export type InterruptClass =
  /**
   * Nothing deliverable.
   */
  | 'INTERRUPT_CLASS_NONE'
  | 0
  | 'INTERRUPT_CLASS_IO'
  | 1
  | 'INTERRUPT_CLASS_EXTERNAL'
  | 2
  | 'INTERRUPT_CLASS_MACHINE_CHECK'
  | 3
  /**
   * A local interrupt of higher priority wins: the simulator delivers it.
   */
  | 'INTERRUPT_CLASS_LOCAL'
  | 4

export type InterruptClass__Output = typeof InterruptClass[keyof typeof InterruptClass]
