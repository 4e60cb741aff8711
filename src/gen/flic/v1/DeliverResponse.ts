// Original file: proto/flic/v1/flic.proto

import type { InterruptClass as _flic_v1_InterruptClass, InterruptClass__Output as _flic_v1_InterruptClass__Output } from '../../flic/v1/InterruptClass.js';
import type { LowcoreStore as _flic_v1_LowcoreStore, LowcoreStore__Output as _flic_v1_LowcoreStore__Output } from '../../flic/v1/LowcoreStore.js';

export interface DeliverResponse {
  'interruptClass'?: (_flic_v1_InterruptClass);
  /**
   * The pending bit taken (16 = SERVICE_EV, 10 = ISC 0); 0 for NONE.
   */
  'pendingBit'?: (number);
  /**
   * The taken interrupt as a 72-byte kvm_s390_irq, type and payload as delivered; empty when none.
   */
  'record'?: (Buffer | Uint8Array | string);
  /**
   * Non-protected vCPUs: what the kernel stores into lowcore, in its order, PSW slots excluded.
   */
  'stores'?: (_flic_v1_LowcoreStore)[];
  /**
   * Where the simulator stores the current PSW; 0 when there is no PSW swap.
   */
  'oldPswOffset'?: (number);
  /**
   * Where it loads the new PSW from; 0 when there is no PSW swap.
   */
  'newPswOffset'?: (number);
}

export interface DeliverResponse__Output {
  'interruptClass': (_flic_v1_InterruptClass__Output);
  /**
   * The pending bit taken (16 = SERVICE_EV, 10 = ISC 0); 0 for NONE.
   */
  'pendingBit': (number);
  /**
   * The taken interrupt as a 72-byte kvm_s390_irq, type and payload as delivered; empty when none.
   */
  'record': (Buffer);
  /**
   * Non-protected vCPUs: what the kernel stores into lowcore, in its order, PSW slots excluded.
   */
  'stores': (_flic_v1_LowcoreStore__Output)[];
  /**
   * Where the simulator stores the current PSW; 0 when there is no PSW swap.
   */
  'oldPswOffset': (number);
  /**
   * Where it loads the new PSW from; 0 when there is no PSW swap.
   */
  'newPswOffset': (number);
}
