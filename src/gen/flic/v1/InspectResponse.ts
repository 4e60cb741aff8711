// Original file: proto/flic/v1/flic.proto

import type { KernelProfile as _flic_v1_KernelProfile, KernelProfile__Output as _flic_v1_KernelProfile__Output } from '../../flic/v1/KernelProfile.js';
import type { VmConfig as _flic_v1_VmConfig, VmConfig__Output as _flic_v1_VmConfig__Output } from '../../flic/v1/VmConfig.js';
import type { IscQueue as _flic_v1_IscQueue, IscQueue__Output as _flic_v1_IscQueue__Output } from '../../flic/v1/IscQueue.js';
import type { Interrupt as _flic_v1_Interrupt, Interrupt__Output as _flic_v1_Interrupt__Output } from '../../flic/v1/Interrupt.js';
import type { ServiceState as _flic_v1_ServiceState, ServiceState__Output as _flic_v1_ServiceState__Output } from '../../flic/v1/ServiceState.js';
import type { MachineCheckState as _flic_v1_MachineCheckState, MachineCheckState__Output as _flic_v1_MachineCheckState__Output } from '../../flic/v1/MachineCheckState.js';
import type { AisState as _flic_v1_AisState, AisState__Output as _flic_v1_AisState__Output } from '../../flic/v1/AisState.js';
import type { AdapterState as _flic_v1_AdapterState, AdapterState__Output as _flic_v1_AdapterState__Output } from '../../flic/v1/AdapterState.js';
import type { QueueLimits as _flic_v1_QueueLimits, QueueLimits__Output as _flic_v1_QueueLimits__Output } from '../../flic/v1/QueueLimits.js';
import type { QueueDepths as _flic_v1_QueueDepths, QueueDepths__Output as _flic_v1_QueueDepths__Output } from '../../flic/v1/QueueDepths.js';
import type { FlicCounters as _flic_v1_FlicCounters, FlicCounters__Output as _flic_v1_FlicCounters__Output } from '../../flic/v1/FlicCounters.js';
import type { Long } from '@grpc/proto-loader';

export interface InspectResponse {
  'profile'?: (_flic_v1_KernelProfile);
  'config'?: (_flic_v1_VmConfig | null);
  /**
   * I/O queues ISC 0..7.
   */
  'io'?: (_flic_v1_IscQueue)[];
  /**
   * GISA IPM (MSB0 bit i = ISC i); meaningful only when config.gisa is set.
   */
  'gisaIpm'?: (number);
  'pfaultDone'?: (_flic_v1_Interrupt)[];
  'virtio'?: (_flic_v1_Interrupt)[];
  'service'?: (_flic_v1_ServiceState | null);
  'machineCheck'?: (_flic_v1_MachineCheckState | null);
  /**
   * Original profile: the single list in its order; empty for the current profile.
   */
  'list'?: (_flic_v1_Interrupt)[];
  'ais'?: (_flic_v1_AisState | null);
  'adapters'?: (_flic_v1_AdapterState)[];
  'apfEnabled'?: (boolean);
  'limits'?: (_flic_v1_QueueLimits | null);
  'depths'?: (_flic_v1_QueueDepths | null);
  'counters'?: (_flic_v1_FlicCounters | null);
  /**
   * Protected VMs: the pending bits held back from delivery (bit 15 = SERVICE); 0 otherwise.
   */
  'maskedIrqs'?: (number | string | Long);
  /**
   * The vCPU that most recently began waiting: where the next wake-up scan starts (0 before any).
   */
  'waitScanStart'?: (number);
}

export interface InspectResponse__Output {
  'profile': (_flic_v1_KernelProfile__Output);
  'config': (_flic_v1_VmConfig__Output | null);
  /**
   * I/O queues ISC 0..7.
   */
  'io': (_flic_v1_IscQueue__Output)[];
  /**
   * GISA IPM (MSB0 bit i = ISC i); meaningful only when config.gisa is set.
   */
  'gisaIpm': (number);
  'pfaultDone': (_flic_v1_Interrupt__Output)[];
  'virtio': (_flic_v1_Interrupt__Output)[];
  'service': (_flic_v1_ServiceState__Output | null);
  'machineCheck': (_flic_v1_MachineCheckState__Output | null);
  /**
   * Original profile: the single list in its order; empty for the current profile.
   */
  'list': (_flic_v1_Interrupt__Output)[];
  'ais': (_flic_v1_AisState__Output | null);
  'adapters': (_flic_v1_AdapterState__Output)[];
  'apfEnabled': (boolean);
  'limits': (_flic_v1_QueueLimits__Output | null);
  'depths': (_flic_v1_QueueDepths__Output | null);
  'counters': (_flic_v1_FlicCounters__Output | null);
  /**
   * Protected VMs: the pending bits held back from delivery (bit 15 = SERVICE); 0 otherwise.
   */
  'maskedIrqs': (string);
  /**
   * The vCPU that most recently began waiting: where the next wake-up scan starts (0 before any).
   */
  'waitScanStart': (number);
}
