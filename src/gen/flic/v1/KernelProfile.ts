// Original file: proto/flic/v1/flic.proto

export const KernelProfile = {
  /**
   * The current kernel: every group.
   */
  KERNEL_PROFILE_CURRENT: 'KERNEL_PROFILE_CURRENT',
  /**
   * The 2013 device: ENQUEUE, GET_ALL_IRQS and CLEAR_IRQS only, one list, no HAS.
   */
  KERNEL_PROFILE_ORIGINAL: 'KERNEL_PROFILE_ORIGINAL',
} as const;

export type KernelProfile =
  /**
   * The current kernel: every group.
   */
  | 'KERNEL_PROFILE_CURRENT'
  | 0
  /**
   * The 2013 device: ENQUEUE, GET_ALL_IRQS and CLEAR_IRQS only, one list, no HAS.
   */
  | 'KERNEL_PROFILE_ORIGINAL'
  | 1

export type KernelProfile__Output = typeof KernelProfile[keyof typeof KernelProfile]
