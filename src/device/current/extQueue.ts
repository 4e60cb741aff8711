// A FIFO of ext-payload interrupts (VIRTIO or PFAULT_DONE, spec §4.5): appended to by injection,
// emptied as a whole by CLEAR_IRQS, and taken from the head by delivery. A growable word array
// with a head index is all it needs. The type code is implied by the queue, and the payload is
// kept verbatim: ext_params, pad, ext_params2. The pending-interrupt budget is charged for the
// array's capacity (taking from the head keeps it), and CLEAR_IRQS gives it back.

import type { PendingMemory } from '../pendingBudget.js';

const F_PARAMS = 0;
const F_PAD = 1;
const F_PARAMS2_HI = 2;
const F_PARAMS2_LO = 3;
const STRIDE = 4;
const INITIAL_ENTRIES = 8;
const ENTRY_BYTES = STRIDE * Uint32Array.BYTES_PER_ELEMENT;

export type ExtEntryVisitor = (params: number, pad: number, params2Hi: number, params2Lo: number) => void;

/** The fields of one entry, filled in by head() (one reused object: delivery allocates nothing for it). */
export interface ExtEntry {
  params: number;
  pad: number;
  params2Hi: number;
  params2Lo: number;
}

export class ExtQueue {
  private words: Uint32Array | null = null;
  /** Index of the oldest entry; entries before it were taken. */
  private first = 0;
  /** Index one past the newest entry. */
  private end = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly memory: PendingMemory,
  ) {}

  get count(): number {
    return this.end - this.first;
  }

  /**
   * The bytes the budget would have to add for `extra` more entries (the array's growth). The
   * array grows only once the live entries fill it (taken slots are reused first, see push).
   */
  growthFor(extra: number): number {
    const target = Math.min(this.count + extra, this.maxEntries);
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
    if (w === null) {
      const entries = Math.min(INITIAL_ENTRIES, this.maxEntries);
      this.memory.charge(entries * ENTRY_BYTES, group);
      w = this.words = new Uint32Array(entries * STRIDE);
    } else if (this.end * STRIDE >= w.length) {
      if (this.first > 0) {
        // Slide the live entries to the front before growing: a queue that is taken from as fast as
        // it is filled then never grows past its depth.
        w.copyWithin(0, this.first * STRIDE, this.end * STRIDE);
        this.end -= this.first;
        this.first = 0;
      }
      if (this.end * STRIDE >= w.length) {
        const entries = Math.min((w.length / STRIDE) * 2, this.maxEntries);
        this.memory.charge((entries - w.length / STRIDE) * ENTRY_BYTES, group);
        const grown = new Uint32Array(entries * STRIDE);
        grown.set(w);
        w = this.words = grown;
      }
    }
    const o = this.end * STRIDE;
    w[o + F_PARAMS] = params;
    w[o + F_PAD] = pad;
    w[o + F_PARAMS2_HI] = params2Hi;
    w[o + F_PARAMS2_LO] = params2Lo;
    this.end++;
  }

  /** The oldest entry into `out`; false when the queue is empty. */
  head(out: ExtEntry): boolean {
    const w = this.words;
    if (w === null || this.first === this.end) return false;
    const o = this.first * STRIDE;
    out.params = w[o + F_PARAMS]!;
    out.pad = w[o + F_PAD]!;
    out.params2Hi = w[o + F_PARAMS2_HI]!;
    out.params2Lo = w[o + F_PARAMS2_LO]!;
    return true;
  }

  /** Remove the oldest entry (the caller has seen it with head()). */
  dropHead(): void {
    if (this.first === this.end) return;
    this.first++;
    if (this.first === this.end) this.first = this.end = 0;
  }

  forEach(visit: ExtEntryVisitor): void {
    const w = this.words;
    if (w === null) return;
    for (let i = this.first, o = i * STRIDE; i < this.end; i++, o += STRIDE) {
      visit(w[o + F_PARAMS]!, w[o + F_PAD]!, w[o + F_PARAMS2_HI]!, w[o + F_PARAMS2_LO]!);
    }
  }

  clear(): void {
    this.memory.release(this.capacity * ENTRY_BYTES);
    this.words = null;
    this.first = this.end = 0;
  }
}
