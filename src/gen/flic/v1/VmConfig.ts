// Original file: proto/flic/v1/flic.proto

import type { KernelProfile as _flic_v1_KernelProfile, KernelProfile__Output as _flic_v1_KernelProfile__Output } from '../../flic/v1/KernelProfile.js';
import type { AdapterMapMode as _flic_v1_AdapterMapMode, AdapterMapMode__Output as _flic_v1_AdapterMapMode__Output } from '../../flic/v1/AdapterMapMode.js';
import type { GuestMemoryRange as _flic_v1_GuestMemoryRange, GuestMemoryRange__Output as _flic_v1_GuestMemoryRange__Output } from '../../flic/v1/GuestMemoryRange.js';

export interface VmConfig {
  /**
   * AIS facility (facility 72).
   */
  'ais'?: (boolean);
  /**
   * The VM has a GISA.
   */
  'gisa'?: (boolean);
  /**
   * User-controlled VM: the APF groups fail with EINVAL.
   */
  'ucontrol'?: (boolean);
  /**
   * KVM_MAX_VCPUS, 1..255; 0 means 255.
   */
  'maxVcpus'?: (number);
  'profile'?: (_flic_v1_KernelProfile);
  'adapterMapMode'?: (_flic_v1_AdapterMapMode);
  /**
   * Protected (Secure Execution) guest: PV delivery (masked_irqs, no lowcore stores for I/O,
   * service and machine checks); tracked MAP/UNMAP do nothing. Not with the original profile.
   */
  'protected'?: (boolean);
  /**
   * Guest memory for legacy/tracked MAP; empty means every non-zero address is backed.
   */
  'guestMemory'?: (_flic_v1_GuestMemoryRange)[];
}

export interface VmConfig__Output {
  /**
   * AIS facility (facility 72).
   */
  'ais': (boolean);
  /**
   * The VM has a GISA.
   */
  'gisa': (boolean);
  /**
   * User-controlled VM: the APF groups fail with EINVAL.
   */
  'ucontrol': (boolean);
  /**
   * KVM_MAX_VCPUS, 1..255; 0 means 255.
   */
  'maxVcpus': (number);
  'profile': (_flic_v1_KernelProfile__Output);
  'adapterMapMode': (_flic_v1_AdapterMapMode__Output);
  /**
   * Protected (Secure Execution) guest: PV delivery (masked_irqs, no lowcore stores for I/O,
   * service and machine checks); tracked MAP/UNMAP do nothing. Not with the original profile.
   */
  'protected': (boolean);
  /**
   * Guest memory for legacy/tracked MAP; empty means every non-zero address is backed.
   */
  'guestMemory': (_flic_v1_GuestMemoryRange__Output)[];
}
