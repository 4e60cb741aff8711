// An open-addressing hash table from (schid word, ISC) to a pool index, in one typed array.
// CLEAR_IO_IRQ must find the oldest entry of a subchannel without scanning a queue of up to
// 266,250 entries; a JS Map keyed by a 35-bit number would allocate a heap number per key and
// cost several times the memory.
//
// Layout choices are about cache misses on a full queue: a slot is two adjacent words (the schid,
// then value << 4 | isc + 1), and the home slot depends on the schid only, so the entries of one
// subchannel on several ISCs sit in the same probe run and CLEAR_IO_IRQ's up-to-eight lookups
// touch one or two cache lines. Linear probing with backward-shift deletion keeps it
// tombstone-free.

const INITIAL_SLOTS = 16;
const TAG_BITS = 4;
const TAG_MASK = (1 << TAG_BITS) - 1;

function home(schid: number, mask: number): number {
  let h = Math.imul(schid, 0x9e3779b1);
  h ^= h >>> 16;
  return h & mask;
}

export class SchidIndex {
  /** Slot i: words 2i (schid) and 2i+1 (value << 4 | isc + 1, 0 when empty). */
  private slots = new Uint32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** The value for the key, or 0 (pool index 0 is never a valid entry). */
  get(schid: number, isc: number): number {
    const s = this.slots;
    const tag = isc + 1;
    for (let i = home(schid, this.mask); ; i = (i + 1) & this.mask) {
      const w = s[2 * i + 1]!;
      if (w === 0) return 0;
      if ((w & TAG_MASK) === tag && s[2 * i] === schid) return w >>> TAG_BITS;
    }
  }

  /** Store the value and return the previous one (0 when the key was absent): one probe run. */
  exchange(schid: number, isc: number, value: number): number {
    if ((this.used + 1) * 2 > this.mask + 1) this.grow();
    const s = this.slots;
    const tag = isc + 1;
    const packed = ((value << TAG_BITS) | tag) >>> 0;
    for (let i = home(schid, this.mask); ; i = (i + 1) & this.mask) {
      const w = s[2 * i + 1]!;
      if (w === 0) {
        s[2 * i] = schid;
        s[2 * i + 1] = packed;
        this.used++;
        return 0;
      }
      if ((w & TAG_MASK) === tag && s[2 * i] === schid) {
        s[2 * i + 1] = packed;
        return w >>> TAG_BITS;
      }
    }
  }

  delete(schid: number, isc: number): void {
    const s = this.slots;
    const mask = this.mask;
    const tag = isc + 1;
    let i = home(schid, mask);
    for (;;) {
      const w = s[2 * i + 1]!;
      if (w === 0) return;
      if ((w & TAG_MASK) === tag && s[2 * i] === schid) break;
      i = (i + 1) & mask;
    }
    // Backward shift: move later members of the probe run into the hole unless their home lies
    // cyclically in (hole, j].
    let hole = i;
    for (let j = (i + 1) & mask; s[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const h = home(s[2 * j]!, mask);
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        s[2 * hole] = s[2 * j]!;
        s[2 * hole + 1] = s[2 * j + 1]!;
        hole = j;
      }
    }
    s[2 * hole + 1] = 0;
    this.used--;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const w = old[i + 1]!;
      if (w !== 0) this.exchange(old[i]!, (w & TAG_MASK) - 1, w >>> TAG_BITS);
    }
  }
}
