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
export { encodeFlicState, decodeFlicState, FLIC_STATE_MAGIC, FLIC_STATE_VERSION, FLIC_STATE_HEADER_SIZE } from './state/flicFormat.js';
export { encodeQemuState, parseQemuState, QEMU_FLIC_AIS_SUBSECTION, QEMU_FLIC_FAILED, QEMU_VM_SUBSECTION } from './state/qemuFormat.js';
export { crc32c } from './state/crc32c.js';
export { replayChange } from './state/replay.js';
export type { ChangeRecorder, VmChange, VmChangeOp } from './state/vmChange.js';
export type { CurrentImage, EngineImage, OriginalImage, VmImage } from './state/vmImage.js';
export { PendingBudget, PENDING_BUDGET_METADATA, type PendingMemory } from './pendingBudget.js';
export { ORIGINAL_RECORD_BYTES } from './original/originalState.js';
