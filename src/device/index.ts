// The device's public surface: the in-process (embedded) FLIC model.
export * from './abi/index.js';
export * from './errno.js';
export type * from './types.js';
export type { FlicEngine } from './engine.js';
export { Vm, type ArrivalListener } from './vm.js';
export { NOTHING as NO_DELIVERY } from './delivery/taken.js';
export { VmRegistry, DEFAULT_MAX_VMS, VM_ID_MAX_LENGTH, validateVmId, type VmRegistryOptions } from './vmRegistry.js';
export { DEFAULT_VM_CONFIG, resolveVmConfig } from './vmConfig.js';
export { COUNTER_NAMES, newCounters, addCounters, copyCounters } from './counters.js';
export { PendingBudget, PENDING_BUDGET_METADATA, type PendingMemory } from './pendingBudget.js';
export { ORIGINAL_RECORD_BYTES } from './original/originalState.js';
