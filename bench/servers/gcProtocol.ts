// How the bench asks its flic child for a full GC (see gcOnSignal.ts), shared by both sides.
export const GC_SIGNAL = 'SIGUSR2';
export const GC_DONE_LINE = 'flic-bench: gc done';
