// A FIFO of ext-payload interrupts (VIRTIO or PFAULT_DONE, spec §4.5). Only appended to and
// emptied as a whole through the FLIC, so a growable word array is all it needs. The type code is
// implied by the queue, and the payload is kept verbatim: ext_params, pad, ext_params2.

const F_PARAMS = 0;
const F_PAD = 1;
const F_PARAMS2_HI = 2;
const F_PARAMS2_LO = 3;
const STRIDE = 4;
const INITIAL_ENTRIES = 8;

export type ExtEntryVisitor = (params: number, pad: number, params2Hi: number, params2Lo: number) => void;

export class ExtQueue {
  private words: Uint32Array | null = null;
  private length = 0;

  constructor(private readonly maxEntries: number) {}

  get count(): number {
    return this.length;
  }

  /** Append one entry. The caller has checked the limit. */
  push(params: number, pad: number, params2Hi: number, params2Lo: number): void {
    let w = this.words;
    const o = this.length * STRIDE;
    if (w === null) {
      w = this.words = new Uint32Array(Math.min(INITIAL_ENTRIES, this.maxEntries) * STRIDE);
    } else if (o >= w.length) {
      const grown = new Uint32Array(Math.min(w.length * 2, this.maxEntries * STRIDE));
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
    this.words = null;
    this.length = 0;
  }
}
