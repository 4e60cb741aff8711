// The single home of the kernel's FLIC ABI (docs/semantics.md §1.4, §2.1, §4.1, §9): constants,
// byte helpers, the kvm_s390_irq layout and codec, the other structures, and the numbers of
// delivery to a vCPU (pending bits, gates, lowcore). Pure data and pure
// functions: the client imports it.
export * from './constants.js';
export * from './bytes.js';
export * from './irqTypes.js';
export * from './irqRecord.js';
export * from './structs.js';
export * from './delivery.js';
