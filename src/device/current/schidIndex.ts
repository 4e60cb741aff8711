// An open-addressing hash table from (schid word, ISC) to the head and tail of that subchannel's
// chain of pending entries, in one typed array.
//
// CLEAR_IO_IRQ must find the oldest entry of a subchannel without scanning a queue of up to
// 266,250 entries, and on a full queue every cache line it touches is a DRAM and TLB miss. So a
// slot keeps everything a removal needs (three adjacent words: schid, head << 4 | isc + 1, tail),
// the home slot depends on the schid only (a subchannel's ISCs share one probe run), and the
// table stays at most 3/4 full. Linear probing with backward-shift deletion: no tombstones.

const INITIAL_SLOTS = 16;
const STRIDE = 3;
const SLOT_BYTES = STRIDE * Uint32Array.BYTES_PER_ELEMENT;
const TAG_BITS = 4;
const TAG_MASK = (1 << TAG_BITS) - 1;

function home(schid: number, mask: number): number {
  let h = Math.imul(schid, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) & mask;
}

/** Bytes of the table that `keys` keys grow it to (the budget charges I/O queues for it). */
export function schidIndexBytes(keys: number): number {
  let slots = INITIAL_SLOTS;
  while (keys * 4 > slots * 3) slots *= 2;
  return slots * SLOT_BYTES;
}

export class SchidIndex {
  private slots = new Uint32Array(INITIAL_SLOTS * STRIDE);
  private mask = INITIAL_SLOTS - 1;
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** The table's bytes (what schidIndexBytes(size) predicts). */
  get byteLength(): number {
    return this.slots.byteLength;
  }

  /** The slot holding the key, or -1. */
  find(schid: number, isc: number): number {
    const s = this.slots;
    const tag = isc + 1;
    for (let i = home(schid, this.mask); ; i = (i + 1) & this.mask) {
      const w = s[i * STRIDE + 1]!;
      if (w === 0) return -1;
      if ((w & TAG_MASK) === tag && s[i * STRIDE] === schid) return i;
    }
  }

  /**
   * The slot of the key with this schid and the lowest ISC, or -1. All of a subchannel's keys
   * share its home slot, and linear probing keeps every key between its home and the next empty
   * slot, so one scan of that run sees them all (CLEAR_IO_IRQ's search order is ISC 0 first).
   */
  findLowestIsc(schid: number): number {
    const s = this.slots;
    let best = -1;
    let bestTag = TAG_MASK + 1;
    for (let i = home(schid, this.mask); ; i = (i + 1) & this.mask) {
      const w = s[i * STRIDE + 1]!;
      if (w === 0) return best;
      const tag = w & TAG_MASK;
      if (tag < bestTag && s[i * STRIDE] === schid) {
        best = i;
        bestTag = tag;
      }
    }
  }

  /** The ISC of the key in a slot. */
  isc(slot: number): number {
    return (this.slots[slot * STRIDE + 1]! & TAG_MASK) - 1;
  }

  head(slot: number): number {
    return this.slots[slot * STRIDE + 1]! >>> TAG_BITS;
  }

  tail(slot: number): number {
    return this.slots[slot * STRIDE + 2]!;
  }

  setHead(slot: number, entry: number): void {
    const o = slot * STRIDE + 1;
    this.slots[o] = ((entry << TAG_BITS) | (this.slots[o]! & TAG_MASK)) >>> 0;
  }

  /**
   * Append `entry` to the key's chain: returns the previous tail (whose chain link the caller
   * points at the entry), or 0 when the key was absent and the entry starts a new chain.
   */
  append(schid: number, isc: number, entry: number): number {
    if ((this.used + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const s = this.slots;
    const tag = isc + 1;
    for (let i = home(schid, this.mask); ; i = (i + 1) & this.mask) {
      const o = i * STRIDE;
      const w = s[o + 1]!;
      if (w === 0) {
        s[o] = schid;
        s[o + 1] = ((entry << TAG_BITS) | tag) >>> 0;
        s[o + 2] = entry;
        this.used++;
        return 0;
      }
      if ((w & TAG_MASK) === tag && s[o] === schid) {
        const previous = s[o + 2]!;
        s[o + 2] = entry;
        return previous;
      }
    }
  }

  /** Remove the slot; later members of its probe run shift back unless already home. */
  remove(slot: number): void {
    const s = this.slots;
    const mask = this.mask;
    let hole = slot;
    for (let j = (slot + 1) & mask; s[j * STRIDE + 1] !== 0; j = (j + 1) & mask) {
      const h = home(s[j * STRIDE]!, mask);
      const stays = hole <= j ? h > hole && h <= j : h > hole || h <= j;
      if (!stays) {
        s[hole * STRIDE] = s[j * STRIDE]!;
        s[hole * STRIDE + 1] = s[j * STRIDE + 1]!;
        s[hole * STRIDE + 2] = s[j * STRIDE + 2]!;
        hole = j;
      }
    }
    s[hole * STRIDE + 1] = 0;
    this.used--;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const s = (this.slots = new Uint32Array(capacity * STRIDE));
    this.mask = capacity - 1;
    for (let o = 0; o < old.length; o += STRIDE) {
      if (old[o + 1] === 0) continue;
      let i = home(old[o]!, this.mask);
      while (s[i * STRIDE + 1] !== 0) i = (i + 1) & this.mask;
      s[i * STRIDE] = old[o]!;
      s[i * STRIDE + 1] = old[o + 1]!;
      s[i * STRIDE + 2] = old[o + 2]!;
    }
  }
}
