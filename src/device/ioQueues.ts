// The eight I/O queues of the current kernels (spec §1.2, §4.2, §8): FIFO per ISC, one shared
// counter, and an index by (subchannel, ISC) so CLEAR_IO_IRQ removes its first match in O(1).
//
// Entries live in one pooled Uint32Array (7 words, 28 bytes each) rather than as objects: a full
// queue is 266,250 entries and must cost well under 150 bytes each. An I/O type code is always
// below 2^32 (the I/O range ends at 0xfffdffff), so it fits one word. Pool slot 0 is the nil link.

import { ISC_COUNT, KVM_S390_MAX_FLOAT_IRQS, iscFromIntWord } from './abi.js';
import { SchidIndex } from './schidIndex.js';

const F_TYPE = 0;
const F_SCHID = 1;
const F_PARM = 2;
const F_WORD = 3;
const F_PREV = 4;
const F_NEXT = 5;
/** Next entry of the same (schid, isc) chain; the chain is circular and the index holds its tail. */
const F_SAME = 6;
const STRIDE = 7;
const NIL = 0;
const INITIAL_ENTRIES = 16;
/** The pool never needs more than the shared limit (plus the nil slot). */
const MAX_POOL_WORDS = (KVM_S390_MAX_FLOAT_IRQS + 1) * STRIDE;

/** Receives the fields of one I/O entry (avoids an object per entry when encoding). */
export type IoEntryVisitor = (type: number, schid: number, parm: number, word: number) => void;

export class IoQueues {
  private pool: Uint32Array | null = null;
  private freeHead = NIL;
  /** Next never-used pool slot. */
  private highWater = 1;
  private readonly head: number[] = new Array<number>(ISC_COUNT).fill(NIL);
  private readonly tail: number[] = new Array<number>(ISC_COUNT).fill(NIL);
  private readonly depth: number[] = new Array<number>(ISC_COUNT).fill(0);
  private index: SchidIndex | null = null;
  /** The shared counter of all eight queues (the kernel's FIRQ_CNTR_IO). */
  count = 0;

  depthOf(isc: number): number {
    return this.depth[isc]!;
  }

  depths(): number[] {
    return this.depth.slice();
  }

  /** Append at the tail of the entry's ISC queue. The caller has checked the limit. */
  push(type: number, schid: number, parm: number, word: number): void {
    const isc = iscFromIntWord(word);
    const e = this.alloc();
    const p = this.pool!;
    const o = e * STRIDE;
    p[o + F_TYPE] = type;
    p[o + F_SCHID] = schid;
    p[o + F_PARM] = parm;
    p[o + F_WORD] = word;
    const t = this.tail[isc]!;
    p[o + F_PREV] = t;
    p[o + F_NEXT] = NIL;
    if (t === NIL) this.head[isc] = e;
    else p[t * STRIDE + F_NEXT] = e;
    this.tail[isc] = e;
    this.depth[isc]!++;
    this.count++;

    const chainTail = (this.index ??= new SchidIndex()).exchange(schid, isc, e);
    if (chainTail === NIL) {
      p[o + F_SAME] = e;
    } else {
      const ct = chainTail * STRIDE + F_SAME;
      p[o + F_SAME] = p[ct]!;
      p[ct] = e;
    }
  }

  /**
   * Remove the first entry whose payload subchannel word equals `schid`, searching ISC 0 front to
   * back, then ISC 1, and so on (spec §8). Returns whether one was removed.
   */
  removeFirst(schid: number): boolean {
    const index = this.index;
    if (index === null || this.count === 0) return false;
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      if (this.depth[isc] === 0) continue;
      const chainTail = index.get(schid, isc);
      if (chainTail === NIL) continue;
      this.unlink(isc, schid, chainTail);
      return true;
    }
    return false;
  }

  /** Visit the entries of one ISC, oldest first. */
  forEach(isc: number, visit: IoEntryVisitor): void {
    const p = this.pool;
    if (p === null) return;
    for (let e = this.head[isc]!; e !== NIL; e = p[e * STRIDE + F_NEXT]!) {
      const o = e * STRIDE;
      visit(p[o + F_TYPE]!, p[o + F_SCHID]!, p[o + F_PARM]!, p[o + F_WORD]!);
    }
  }

  clear(): void {
    this.pool = null;
    this.freeHead = NIL;
    this.highWater = 1;
    this.head.fill(NIL);
    this.tail.fill(NIL);
    this.depth.fill(0);
    this.index = null;
    this.count = 0;
  }

  /** Pool bytes currently allocated (for memory accounting in benchmarks and inspect). */
  get allocatedEntries(): number {
    return this.pool === null ? 0 : this.pool.length / STRIDE;
  }

  private unlink(isc: number, schid: number, chainTail: number): void {
    const p = this.pool!;
    const ct = chainTail * STRIDE + F_SAME;
    const e = p[ct]!; // the chain head: the oldest entry of this (schid, isc)
    if (e === chainTail) this.index!.delete(schid, isc);
    else p[ct] = p[e * STRIDE + F_SAME]!;

    const o = e * STRIDE;
    const prev = p[o + F_PREV]!;
    const next = p[o + F_NEXT]!;
    if (prev === NIL) this.head[isc] = next;
    else p[prev * STRIDE + F_NEXT] = next;
    if (next === NIL) this.tail[isc] = prev;
    else p[next * STRIDE + F_PREV] = prev;
    this.depth[isc]!--;
    this.count--;

    p[o + F_NEXT] = this.freeHead;
    this.freeHead = e;
  }

  private alloc(): number {
    if (this.freeHead !== NIL) {
      const e = this.freeHead;
      this.freeHead = this.pool![e * STRIDE + F_NEXT]!;
      return e;
    }
    let p = this.pool;
    if (p === null) {
      p = this.pool = new Uint32Array(INITIAL_ENTRIES * STRIDE);
    } else if (this.highWater * STRIDE >= p.length) {
      const grown = new Uint32Array(Math.min(p.length * 2, MAX_POOL_WORDS));
      grown.set(p);
      p = this.pool = grown;
    }
    return this.highWater++;
  }
}
