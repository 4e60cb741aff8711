// Preloaded (node --expose-gc --import) into both server children by the bench, never by flic
// itself: GC_SIGNAL runs a full garbage collection, so that every timed run starts from a collected
// heap and the heap figures of flic's /metrics hold live objects only. Answers on stderr when done.

import { GC_DONE_LINE, GC_SIGNAL } from './gcProtocol.js';

const gc = (globalThis as { gc?: () => void }).gc;

process.on(GC_SIGNAL, () => {
  if (gc !== undefined) {
    gc();
    gc();
  }
  process.stderr.write(`${GC_DONE_LINE}\n`);
});
