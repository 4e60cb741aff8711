// The single home of the kernel's FLIC ABI (docs/semantics.md §1.4, §2.1, §4.1, §9): constants,
// byte helpers, the kvm_s390_irq layout and codec, and the other structures. Pure data and pure
// functions: the client imports it.
export * from './constants.js';
export * from './bytes.js';
export * from './irqTypes.js';
export * from './irqRecord.js';
export * from './structs.js';
