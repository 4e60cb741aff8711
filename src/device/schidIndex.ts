// An open-addressing hash table from (schid word, ISC) to a pool index, in typed arrays.
// CLEAR_IO_IRQ must find the oldest entry of a subchannel without scanning a queue of up to
// 266,250 entries; a JS Map keyed by a 35-bit number would allocate a heap number per key and
// cost three times the memory. Linear probing with backward-shift deletion keeps it tombstone-free.

const INITIAL_CAPACITY = 16;

function hash(schid: number, isc: number): number {
  let h = Math.imul(schid ^ (isc << 29), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}

export class SchidIndex {
  private keys = new Uint32Array(INITIAL_CAPACITY);
  /** isc + 1 per slot; 0 marks an empty slot. */
  private tags = new Uint8Array(INITIAL_CAPACITY);
  private vals = new Uint32Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** The value for the key, or 0 (pool index 0 is never a valid entry). */
  get(schid: number, isc: number): number {
    const tag = isc + 1;
    let i = hash(schid, isc) & this.mask;
    for (;;) {
      const t = this.tags[i]!;
      if (t === 0) return 0;
      if (t === tag && this.keys[i] === schid) return this.vals[i]!;
      i = (i + 1) & this.mask;
    }
  }

  set(schid: number, isc: number, value: number): void {
    if ((this.used + 1) * 2 > this.mask + 1) this.grow();
    const tag = isc + 1;
    let i = hash(schid, isc) & this.mask;
    for (;;) {
      const t = this.tags[i]!;
      if (t === 0) {
        this.tags[i] = tag;
        this.keys[i] = schid;
        this.vals[i] = value;
        this.used++;
        return;
      }
      if (t === tag && this.keys[i] === schid) {
        this.vals[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  delete(schid: number, isc: number): void {
    const tag = isc + 1;
    const mask = this.mask;
    let i = hash(schid, isc) & mask;
    for (;;) {
      const t = this.tags[i]!;
      if (t === 0) return;
      if (t === tag && this.keys[i] === schid) break;
      i = (i + 1) & mask;
    }
    // Backward-shift: move later members of the probe run into the hole when their home slot
    // does not lie cyclically in (hole, j].
    let hole = i;
    let j = (i + 1) & mask;
    while (this.tags[j] !== 0) {
      const home = hash(this.keys[j]!, this.tags[j]! - 1) & mask;
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!inRange) {
        this.tags[hole] = this.tags[j]!;
        this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    this.tags[hole] = 0;
    this.used--;
  }

  clear(): void {
    this.keys = new Uint32Array(INITIAL_CAPACITY);
    this.tags = new Uint8Array(INITIAL_CAPACITY);
    this.vals = new Uint32Array(INITIAL_CAPACITY);
    this.mask = INITIAL_CAPACITY - 1;
    this.used = 0;
  }

  private grow(): void {
    const { keys, tags, vals } = this;
    const capacity = (this.mask + 1) * 2;
    this.keys = new Uint32Array(capacity);
    this.tags = new Uint8Array(capacity);
    this.vals = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.used = 0;
    for (let i = 0; i < tags.length; i++) {
      if (tags[i] !== 0) this.set(keys[i]!, tags[i]! - 1, vals[i]!);
    }
  }
}
