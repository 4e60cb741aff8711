// The device's public surface: the in-process (embedded) FLIC model.
export * from './abi.js';
export * from './errno.js';
export type * from './types.js';
