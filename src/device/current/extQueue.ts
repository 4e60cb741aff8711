// A FIFO of ext-payload interrupts (VIRTIO or PFAULT_DONE, spec §4.5): appended to by injection,
// emptied as a whole by CLEAR_IRQS, and taken from the head by delivery. A growable word array
// with a head index is all it needs. The type code is implied by the queue, and the payload is
// kept verbatim: ext_params, pad, ext_params2.

const F_PARAMS = 0;
const F_PAD = 1;
const F_PARAMS2_HI = 2;
const F_PARAMS2_LO = 3;
const STRIDE = 4;
const INITIAL_ENTRIES = 8;

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

  constructor(private readonly maxEntries: number) {}

  get count(): number {
    return this.end - this.first;
  }

  /** Append one entry. The caller has checked the limit. */
  push(params: number, pad: number, params2Hi: number, params2Lo: number): void {
    let w = this.words;
    if (w === null) {
      w = this.words = new Uint32Array(Math.min(INITIAL_ENTRIES, this.maxEntries) * STRIDE);
    } else if (this.end * STRIDE >= w.length) {
      if (this.first > 0) {
        // Slide the live entries to the front before growing: a queue that is taken from as fast as
        // it is filled then never grows past its depth.
        w.copyWithin(0, this.first * STRIDE, this.end * STRIDE);
        this.end -= this.first;
        this.first = 0;
      }
      if (this.end * STRIDE >= w.length) {
        const grown = new Uint32Array(Math.min(w.length * 2, this.maxEntries * STRIDE));
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
    this.words = null;
    this.first = this.end = 0;
  }
}
