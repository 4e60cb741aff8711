// A FIFO of ext-payload interrupts (VIRTIO or PFAULT_DONE, spec §4.5). Only appended to and
// emptied as a whole through the FLIC, so a growable word array is all it needs. The type code is
// implied by the queue, and the payload is kept verbatim: ext_params, pad, ext_params2. The
// pending-interrupt budget is charged for the array's capacity, and CLEAR_IRQS gives it back.

import type { PendingMemory } from '../pendingBudget.js';

const F_PARAMS = 0;
const F_PAD = 1;
const F_PARAMS2_HI = 2;
const F_PARAMS2_LO = 3;
const STRIDE = 4;
const INITIAL_ENTRIES = 8;
const ENTRY_BYTES = STRIDE * Uint32Array.BYTES_PER_ELEMENT;

export type ExtEntryVisitor = (params: number, pad: number, params2Hi: number, params2Lo: number) => void;

export class ExtQueue {
  private words: Uint32Array | null = null;
  private length = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly memory: PendingMemory,
  ) {}

  get count(): number {
    return this.length;
  }

  /** The bytes the budget would have to add for `extra` more entries (the array's growth). */
  growthFor(extra: number): number {
    const target = Math.min(this.length + extra, this.maxEntries);
    const entries = this.capacity;
    if (target <= entries) return 0;
    let grown = Math.min(INITIAL_ENTRIES, this.maxEntries);
    if (entries > 0) grown = entries;
    while (grown < target) grown = Math.min(grown * 2, this.maxEntries);
    return (grown - entries) * ENTRY_BYTES;
  }

  private get capacity(): number {
    return this.words === null ? 0 : this.words.length / STRIDE;
  }

  /** Append one entry. The caller has checked the limit. */
  push(params: number, pad: number, params2Hi: number, params2Lo: number, group: string): void {
    let w = this.words;
    const o = this.length * STRIDE;
    if (w === null) {
      const entries = Math.min(INITIAL_ENTRIES, this.maxEntries);
      this.memory.charge(entries * ENTRY_BYTES, group);
      w = this.words = new Uint32Array(entries * STRIDE);
    } else if (o >= w.length) {
      const entries = Math.min((w.length / STRIDE) * 2, this.maxEntries);
      this.memory.charge((entries - w.length / STRIDE) * ENTRY_BYTES, group);
      const grown = new Uint32Array(entries * STRIDE);
      grown.set(w);
      w = this.words = grown;
    }
    w[o + F_PARAMS] = params;
    w[o + F_PAD] = pad;
    w[o + F_PARAMS2_HI] = params2Hi;
    w[o + F_PARAMS2_LO] = params2Lo;
    this.length++;
  }

  forEach(visit: ExtEntryVisitor): void {
    const w = this.words;
    if (w === null) return;
    for (let i = 0, o = 0; i < this.length; i++, o += STRIDE) {
      visit(w[o + F_PARAMS]!, w[o + F_PAD]!, w[o + F_PARAMS2_HI]!, w[o + F_PARAMS2_LO]!);
    }
  }

  clear(): void {
    this.memory.release(this.capacity * ENTRY_BYTES);
    this.words = null;
    this.length = 0;
  }
}
