// The eight I/O queues of the current kernels (spec §1.2, §4.2, §8): FIFO per ISC, one shared
// counter, and an index by (subchannel, ISC), built at the first removal by subchannel and kept up
// to date from then on, so CLEAR_IO_IRQ and TSCH remove their first match in O(1). Delivery and
// TPI take the oldest entry of one ISC.
//
// Entries live in one pooled Uint32Array (6 words, 24 bytes each), not as objects: a full queue
// is 266,250 entries and must cost well under 150 bytes each. An I/O type code always fits one
// word (the I/O range ends at 0xfffdffff). Pool slot 0 is the nil link.
//
// CLEAR_IO_IRQ does not unlink its entry from the ISC FIFO: that would touch both neighbours, two
// more cache misses on a full queue. It marks the entry dead in a bitmap (33 KB at full depth, so
// it stays in cache); traversals skip dead entries, and a compaction returns them to the free list
// once they are as many as the live ones, which keeps the cost amortised O(1) and the pool at
// most twice the live entries (or the size it had reached before the last CLEAR_IRQS).
//
// The pending-interrupt budget (pendingBudget.ts) is charged for what the queues can hold without
// another allocation: the pool's capacity (24 bytes an entry), its dead-entry bitmap, and the
// subchannel index that so many entries can need, whether it is built yet or not. A CLEAR_IO_IRQ
// or TSCH that builds the index therefore never needs memory that the budget did not grant. The charge
// changes only when the pool grows (and goes back when the VM is deleted).

import { ISC_COUNT, KVM_S390_MAX_FLOAT_IRQS, iscFromIntWord } from '../abi/index.js';
import type { PendingMemory } from '../pendingBudget.js';
import { SchidIndex, schidIndexBytes } from './schidIndex.js';

const F_TYPE = 0;
const F_SCHID = 1;
const F_PARM = 2;
const F_WORD = 3;
/** Next entry of the same ISC FIFO (or of the free list). */
const F_NEXT = 4;
/** Next entry of the same (schid, isc) chain, oldest first. */
const F_SAME = 5;
const STRIDE = 6;
const NIL = 0;
const INITIAL_ENTRIES = 16;
/** Live entries plus as many dead ones, plus the nil slot. */
const MAX_ENTRIES = 2 * KVM_S390_MAX_FLOAT_IRQS + 1;
/** Below this many dead entries a compaction is not worth its walk. */
const MIN_COMPACTION = 1024;
const ENTRY_BYTES = STRIDE * Uint32Array.BYTES_PER_ELEMENT;

/** Words of the dead-entry bitmap of a pool of `entries` entries. */
function deadWords(entries: number): number {
  return (entries >>> 5) + 1;
}

/** What the budget charges for a pool of `entries` entries (0: no pool yet). */
export function ioPoolCharge(entries: number): number {
  if (entries === 0) return 0;
  return entries * ENTRY_BYTES + deadWords(entries) * Uint32Array.BYTES_PER_ELEMENT + schidIndexBytes(entries);
}

/** Receives the fields of one I/O entry (avoids an object per entry when encoding). */
export type IoEntryVisitor = (type: number, schid: number, parm: number, word: number) => void;

/** The fields of one entry, filled in by oldest() and takeFirst() (a reused object). */
export interface IoEntry {
  type: number;
  schid: number;
  parm: number;
  word: number;
}

export class IoQueues {
  private pool: Uint32Array | null = null;
  private dead: Uint32Array | null = null;
  private deadCount = 0;
  private freeHead = NIL;
  /** Entries on the free list. */
  private freeCount = 0;
  /** Next never-used pool slot. */
  private highWater = 1;
  private readonly head: number[] = new Array<number>(ISC_COUNT).fill(NIL);
  private readonly tail: number[] = new Array<number>(ISC_COUNT).fill(NIL);
  private readonly depth: number[] = new Array<number>(ISC_COUNT).fill(0);
  private index: SchidIndex | null = null;
  private live = 0;

  constructor(private readonly memory: PendingMemory) {}

  /** The shared counter of all eight queues (the kernel's FIRQ_CNTR_IO). */
  get count(): number {
    return this.live;
  }

  depths(): number[] {
    return this.depth.slice();
  }

  /**
   * The bytes the budget would have to add for `extra` more entries (the pool's growth, see
   * ioPoolCharge). An upper bound: the compaction that may free slots on the way is not counted.
   */
  growthFor(extra: number): number {
    const needed = extra - this.freeCount;
    if (needed <= 0) return 0;
    const entries = this.pool === null ? 0 : this.pool.length / STRIDE;
    const grown = this.capacityFor(entries, this.highWater + needed);
    return ioPoolCharge(grown) - ioPoolCharge(entries);
  }

  /** The pool size alloc() reaches from `entries` once slots up to `slots` - 1 exist. */
  private capacityFor(entries: number, slots: number): number {
    if (entries >= slots) return entries;
    if (entries === 0) entries = INITIAL_ENTRIES;
    const limit = this.deadCount === 0 ? KVM_S390_MAX_FLOAT_IRQS + 1 : MAX_ENTRIES;
    while (entries < slots && entries < limit) entries = Math.min(entries * 2, limit);
    return entries;
  }

  /** Pending entries of one ISC. */
  depthOf(isc: number): number {
    return this.depth[isc]!;
  }

  /** Append at the tail of the entry's ISC queue. The caller has checked the limit. */
  push(type: number, schid: number, parm: number, word: number, group: string): void {
    const isc = iscFromIntWord(word);
    const e = this.alloc(group);
    const p = this.pool!;
    const o = e * STRIDE;
    p[o + F_TYPE] = type;
    p[o + F_SCHID] = schid;
    p[o + F_PARM] = parm;
    p[o + F_WORD] = word;
    p[o + F_NEXT] = NIL;
    p[o + F_SAME] = NIL;
    const t = this.tail[isc]!;
    if (t === NIL) this.head[isc] = e;
    else p[t * STRIDE + F_NEXT] = e;
    this.tail[isc] = e;
    this.depth[isc]!++;
    this.live++;
    if (this.index !== null) this.link(this.index, schid, isc, e);
  }

  /** Append entry `e` to its (schid, isc) chain in the index. */
  private link(index: SchidIndex, schid: number, isc: number, e: number): void {
    const previous = index.append(schid, isc, e);
    if (previous !== NIL) this.pool![previous * STRIDE + F_SAME] = e;
  }

  /**
   * The index, built on first use: most queues are only filled and drained and never see a
   * CLEAR_IO_IRQ, so they do not pay for the index on every push. Until it exists nothing was
   * removed by schid, so there are no dead entries and every FIFO entry is live.
   */
  private requireIndex(): SchidIndex {
    if (this.index !== null) return this.index;
    const index = (this.index = new SchidIndex());
    const p = this.pool!;
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      for (let e = this.head[isc]!; e !== NIL; e = p[e * STRIDE + F_NEXT]!) {
        this.link(index, p[e * STRIDE + F_SCHID]!, isc, e);
      }
    }
    return index;
  }

  /**
   * Remove the first entry whose payload subchannel word equals `schid`, searching ISC 0 front to
   * back, then ISC 1, and so on (spec §8). Returns whether one was removed.
   */
  removeFirst(schid: number): boolean {
    return this.takeFirst(schid, null) >= 0;
  }

  /**
   * removeFirst that also hands back the removed entry's fields in `out` (TSCH). Returns its ISC,
   * or -1 when the subchannel has no pending entry.
   */
  takeFirst(schid: number, out: IoEntry | null): number {
    if (this.live === 0) return -1;
    const index = this.requireIndex();
    const slot = index.findLowestIsc(schid);
    if (slot < 0) return -1;
    // The chain head is the oldest entry of this subchannel on its lowest ISC: the first match.
    const isc = index.isc(slot);
    const e = index.head(slot);
    if (out !== null) this.read(e, out);
    if (e === index.tail(slot)) index.remove(slot);
    else index.setHead(slot, this.pool![e * STRIDE + F_SAME]!);
    this.dead![e >>> 5]! |= 1 << (e & 31);
    this.deadCount++;
    this.depth[isc]!--;
    this.live--;
    if (this.deadCount >= MIN_COMPACTION && this.deadCount >= this.live) this.compact();
    return isc;
  }

  /** The oldest entry of one ISC into `out`; false when that queue is empty. Changes nothing. */
  oldest(isc: number, out: IoEntry): boolean {
    if (this.depth[isc] === 0) return false;
    const p = this.pool!;
    let e = this.head[isc]!;
    while (this.isDead(e)) e = p[e * STRIDE + F_NEXT]!;
    this.read(e, out);
    return true;
  }

  /**
   * Remove the oldest entry of one ISC (delivery and TPI take it). Dead entries in front of it
   * leave the FIFO with it, so their slots are free at once.
   */
  removeOldest(isc: number): void {
    if (this.depth[isc] === 0) return;
    const p = this.pool!;
    let e = this.head[isc]!;
    while (this.isDead(e)) {
      const next = p[e * STRIDE + F_NEXT]!;
      this.dead![e >>> 5]! &= ~(1 << (e & 31));
      this.deadCount--;
      this.release(e);
      e = next;
    }
    const next = p[e * STRIDE + F_NEXT]!;
    const index = this.index;
    if (index !== null) {
      // The oldest live entry of an ISC is the oldest of its subchannel there: its chain's head.
      const slot = index.find(p[e * STRIDE + F_SCHID]!, isc);
      if (e === index.tail(slot)) index.remove(slot);
      else index.setHead(slot, p[e * STRIDE + F_SAME]!);
    }
    this.release(e);
    this.head[isc] = next;
    if (next === NIL) this.tail[isc] = NIL;
    this.depth[isc]!--;
    this.live--;
  }

  private isDead(e: number): boolean {
    return (this.dead![e >>> 5]! & (1 << (e & 31))) !== 0;
  }

  private read(e: number, out: IoEntry): void {
    const p = this.pool!;
    const o = e * STRIDE;
    out.type = p[o + F_TYPE]!;
    out.schid = p[o + F_SCHID]!;
    out.parm = p[o + F_PARM]!;
    out.word = p[o + F_WORD]!;
  }

  /** Hand a slot that left its FIFO to the free list. */
  private release(e: number): void {
    this.pool![e * STRIDE + F_NEXT] = this.freeHead;
    this.freeHead = e;
    this.freeCount++;
  }

  /** Visit the live entries of one ISC, oldest first. */
  forEach(isc: number, visit: IoEntryVisitor): void {
    const p = this.pool;
    const dead = this.dead;
    if (p === null || dead === null) return;
    for (let e = this.head[isc]!; e !== NIL; e = p[e * STRIDE + F_NEXT]!) {
      if ((dead[e >>> 5]! & (1 << (e & 31))) !== 0) continue;
      const o = e * STRIDE;
      visit(p[o + F_TYPE]!, p[o + F_SCHID]!, p[o + F_PARM]!, p[o + F_WORD]!);
    }
  }

  /**
   * Empty every queue. The pool keeps its capacity, as a vector's clear does: a harness that fills
   * and clears a queue again and again would otherwise reallocate and copy up to 6.4 MB per fill,
   * and collecting that garbage cost a tenth of the batched ENQUEUE throughput. The VM's peak
   * stays its footprint until the VM is deleted (docs/operating.md, Memory).
   */
  clear(): void {
    this.dead?.fill(0);
    this.deadCount = 0;
    this.freeHead = NIL;
    this.freeCount = 0;
    this.highWater = 1;
    this.head.fill(NIL);
    this.tail.fill(NIL);
    this.depth.fill(0);
    this.index = null;
    this.live = 0;
  }

  /** Drop the dead entries from the FIFOs and hand their slots to the free list. */
  private compact(): void {
    const p = this.pool!;
    const dead = this.dead!;
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      let last = NIL;
      for (let e = this.head[isc]!; e !== NIL; ) {
        const next = p[e * STRIDE + F_NEXT]!;
        if ((dead[e >>> 5]! & (1 << (e & 31))) !== 0) {
          dead[e >>> 5]! &= ~(1 << (e & 31));
          this.release(e);
        } else {
          if (last === NIL) this.head[isc] = e;
          else p[last * STRIDE + F_NEXT] = e;
          last = e;
        }
        e = next;
      }
      if (last === NIL) this.head[isc] = NIL;
      else p[last * STRIDE + F_NEXT] = NIL;
      this.tail[isc] = last;
    }
    this.deadCount = 0;
  }

  private alloc(group: string): number {
    if (this.freeHead === NIL && this.deadCount > 0 && this.highWater >= MAX_ENTRIES) this.compact();
    if (this.freeHead !== NIL) {
      const e = this.freeHead;
      this.freeHead = this.pool![e * STRIDE + F_NEXT]!;
      this.freeCount--;
      return e;
    }
    let p = this.pool;
    if (p === null) {
      this.memory.charge(ioPoolCharge(INITIAL_ENTRIES), group);
      p = this.pool = new Uint32Array(INITIAL_ENTRIES * STRIDE);
      this.dead = new Uint32Array(deadWords(INITIAL_ENTRIES));
    } else if (this.highWater * STRIDE >= p.length) {
      // Room for dead entries is only needed once there are some.
      const limit = this.deadCount === 0 ? KVM_S390_MAX_FLOAT_IRQS + 1 : MAX_ENTRIES;
      const before = p.length / STRIDE;
      const entries = Math.min(before * 2, Math.max(limit, this.highWater + 1));
      this.memory.charge(ioPoolCharge(entries) - ioPoolCharge(before), group);
      const grown = new Uint32Array(entries * STRIDE);
      grown.set(p);
      p = this.pool = grown;
      const dead = new Uint32Array(deadWords(entries));
      dead.set(this.dead!);
      this.dead = dead;
    }
    return this.highWater++;
  }
}
