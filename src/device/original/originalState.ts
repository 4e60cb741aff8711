// Everything the 2013 FLIC holds (spec §11.3): one list for every floating interrupt, each entry
// the record as GET_ALL_IRQS copies it, I/O kept in descending ISC order, one limit whose overflow
// is EINVAL, and the counters. The fields are private: the dispatch, GET_ALL_IRQS, Inspect and
// delivery (which takes entries out of the list anywhere) use the operations below only. As in
// currentState.ts, `changes` moves with every change, and capture() / restore() carry the list.
import {
  IO_INT_WORD_OFFSET,
  IRQ_TYPE_LO_OFFSET,
  IRQ_TYPE_OFFSET,
  IRQ_UNION_OFFSET,
  ISC_COUNT,
  IrqClass,
  KVM_S390_IRQ_SIZE,
  OP_IMPORT_VM,
  ORIGINAL_MAX_FLOAT_IRQS,
  classifyType,
  iscFromIntWord,
  u32,
} from '../abi/index.js';
import { copyCounters, countDelivery, countDequeue, newCounters } from '../counters.js';
import { KvmError } from '../errno.js';
import type { OriginalImage } from '../state/vmImage.js';
import type { PendingMemory } from '../pendingBudget.js';
import type { FlicCounters, QueueDepths, QueueLimits } from '../types.js';

const NOT_IO = -1;

/**
 * What one entry of the list costs, as the pending-interrupt budget counts it: the entry object
 * and its Uint8Array on V8's heap (about 240 bytes), the 72-byte backing store, and the
 * allocator's bookkeeping around it. Filling VMs with 266,250 records each grew the process by
 * about 485 bytes of RSS per record (Node 20, x64); rounded up.
 */
export const ORIGINAL_RECORD_BYTES = 512;

/** One entry as delivery, TPI and TSCH see it (they hand it back to remove()). */
export interface ListEntry {
  /** The record as GET_ALL_IRQS copies it: type and the union member, the rest zero. */
  readonly record: Uint8Array;
  readonly cls: IrqClass;
  /** ISC of an I/O entry, NOT_IO otherwise. */
  readonly isc: number;
}

interface Entry extends ListEntry {
  prev: Entry | null;
  next: Entry | null;
}

export class OriginalState {
  private head: Entry | null = null;
  private tail: Entry | null = null;
  /** The first I/O entry of each ISC: the list keeps I/O in descending ISC order. */
  private readonly firstOfIsc: (Entry | null)[] = new Array<Entry | null>(ISC_COUNT).fill(null);
  private readonly ioDepth: number[] = new Array<number>(ISC_COUNT).fill(0);
  private readonly byClass: number[] = new Array<number>(IrqClass.Other + 1).fill(0);
  private length = 0;
  private totals: FlicCounters = newCounters();
  private edits = 0;

  /** Grows with every change of the list or the counters. */
  get changes(): number {
    return this.edits;
  }

  constructor(private readonly memory: PendingMemory) {}

  /** Entries in the list (the one counter the limit is checked against). */
  get count(): number {
    return this.length;
  }

  /** Monotonic totals (live object: read, do not write). */
  get counters(): Readonly<FlicCounters> {
    return this.totals;
  }

  /** Entries of one class. */
  countOf(cls: IrqClass): number {
    return this.byClass[cls] ?? 0;
  }

  depths(): QueueDepths {
    return {
      io: this.ioDepth.slice(),
      gisa: new Array<number>(ISC_COUNT).fill(0),
      virtio: this.countOf(IrqClass.Virtio),
      pfault: this.countOf(IrqClass.PfaultDone) + this.countOf(IrqClass.PfaultInit),
      service: this.countOf(IrqClass.Service),
      mchk: this.countOf(IrqClass.Mchk),
      total: this.length,
    };
  }

  /** One list, one limit: every kind shows the list's count against it. */
  limits(): QueueLimits {
    const all = { count: this.length, limit: ORIGINAL_MAX_FLOAT_IRQS };
    return { io: all, virtio: all, pfault: all };
  }

  /** The first `n` records (n ≤ count), in list order, into `out` at 72-byte steps. */
  copyRecords(out: Uint8Array, n: number): void {
    let e = this.head;
    for (let i = 0; i < n && e !== null; i++, e = e.next) out.set(e.record, i * KVM_S390_IRQ_SIZE);
  }

  /**
   * ENOMEM, taking nothing, unless the pending-interrupt budget has room for `records` more
   * entries (as many as the list still takes). Called before the first record of every call.
   */
  requireRoom(records: number, group: string): void {
    this.memory.require(Math.min(records, ORIGINAL_MAX_FLOAT_IRQS - this.length) * ORIGINAL_RECORD_BYTES, group);
  }

  /** Grows with every accepted injection and reinjection (what the server's waiting vCPUs watch). */
  get arrivals(): number {
    const c = this.totals;
    return c.injectedIo + c.injectedVirtio + c.injectedPfault + c.injectedService + c.injectedMchk + c.reinjected;
  }

  /** Inserts `record` (the 72 bytes GET_ALL_IRQS will copy) where the 2013 list puts its class. */
  push(cls: IrqClass, record: Uint8Array, group: string, index: number): void {
    this.insert(cls, record, `record ${index}: `, group);
    countInjection(this.totals, cls);
    this.edits++;
  }

  /** A dequeued I/O interrupt back into the list: the same insertion rule and limit (EINVAL). */
  reinject(record: Uint8Array, group: string): void {
    this.requireRoom(1, group);
    this.insert(IrqClass.Io, record, '', group);
    this.totals.reinjected++;
    this.edits++;
  }

  private insert(cls: IrqClass, record: Uint8Array, which: string, group: string): void {
    if (this.length >= ORIGINAL_MAX_FLOAT_IRQS) {
      throw new KvmError('EINVAL', group, `${which}the interrupt list is full (${ORIGINAL_MAX_FLOAT_IRQS})`);
    }
    this.memory.charge(ORIGINAL_RECORD_BYTES, group);
    const isc = cls === IrqClass.Io ? iscFromIntWord(u32(record, IRQ_UNION_OFFSET + IO_INT_WORD_OFFSET)) : NOT_IO;
    const e: Entry = { record, cls, isc, prev: null, next: null };
    if (isc === NOT_IO) this.insertBefore(e, null);
    else this.insertIo(e, isc);
    this.byClass[cls]!++;
    this.length++;
  }

  /** The first entry, in list order, that `match` accepts; null when none does. Changes nothing. */
  find(match: (e: ListEntry) => boolean): ListEntry | null {
    for (let e = this.head; e !== null; e = e.next) if (match(e)) return e;
    return null;
  }

  /** Takes an entry that find() returned out of the list (its bytes go back to the budget). */
  remove(entry: ListEntry): void {
    const e = entry as Entry;
    if (e.isc !== NOT_IO) {
      if (this.firstOfIsc[e.isc] === e) {
        // The next entry of the same ISC is the next I/O entry, if it has that ISC.
        let next = e.next;
        while (next !== null && next.isc === NOT_IO) next = next.next;
        this.firstOfIsc[e.isc] = next !== null && next.isc === e.isc ? next : null;
      }
      this.ioDepth[e.isc]!--;
    }
    if (e.prev === null) this.head = e.next;
    else e.prev.next = e.next;
    if (e.next === null) this.tail = e.prev;
    else e.next.prev = e.prev;
    e.prev = e.next = null;
    this.byClass[e.cls]!--;
    this.length--;
    this.edits++;
    this.memory.release(ORIGINAL_RECORD_BYTES);
  }

  countDelivery(bit: number, local: boolean): void {
    countDelivery(this.totals, bit, local);
    this.edits++;
  }

  countDequeue(tsch: boolean, hit: boolean): void {
    countDequeue(this.totals, tsch, hit);
    this.edits++;
  }

  clear(): void {
    if (this.length === 0) return;
    this.edits++;
    this.memory.release(this.length * ORIGINAL_RECORD_BYTES);
    this.totals.cleared += this.length;
    this.head = this.tail = null;
    this.firstOfIsc.fill(null);
    this.ioDepth.fill(0);
    this.byClass.fill(0);
    this.length = 0;
  }

  /** The list and the counters as plain data; reads only. */
  capture(): OriginalImage {
    const list = new Uint8Array(this.length * KVM_S390_IRQ_SIZE);
    this.copyRecords(list, this.length);
    return { profile: 'original', list, counters: copyCounters(this.totals) };
  }

  /**
   * Takes on a captured list, on a state just made. The image has been checked: every record is
   * floating and the I/O entries are in descending ISC order, so inserting them in list order
   * puts each at the tail, where it was.
   */
  restore(image: OriginalImage): void {
    const b = image.list;
    for (let o = 0; o < b.length; o += KVM_S390_IRQ_SIZE) {
      const cls = classifyType(u32(b, o + IRQ_TYPE_OFFSET), u32(b, o + IRQ_TYPE_LO_OFFSET));
      this.insert(cls, b.slice(o, o + KVM_S390_IRQ_SIZE), '', OP_IMPORT_VM);
    }
    this.totals = copyCounters(image.counters);
  }

  /** Before the first I/O entry of a lower ISC (the highest non-empty ISC below this one). */
  private insertIo(e: Entry, isc: number): void {
    let before: Entry | null = null;
    for (let lower = isc - 1; lower >= 0 && before === null; lower--) before = this.firstOfIsc[lower] ?? null;
    this.insertBefore(e, before);
    if (this.firstOfIsc[isc] === null) this.firstOfIsc[isc] = e;
    this.ioDepth[isc]!++;
  }

  private insertBefore(e: Entry, before: Entry | null): void {
    const prev = before === null ? this.tail : before.prev;
    e.prev = prev;
    e.next = before;
    if (prev === null) this.head = e;
    else prev.next = e;
    if (before === null) this.tail = e;
    else before.prev = e;
  }
}

function countInjection(c: FlicCounters, cls: IrqClass): void {
  switch (cls) {
    case IrqClass.Io:
      c.injectedIo++;
      return;
    case IrqClass.Virtio:
      c.injectedVirtio++;
      return;
    case IrqClass.Service:
      c.injectedService++;
      return;
    case IrqClass.Mchk:
      c.injectedMchk++;
      return;
    default:
      c.injectedPfault++;
  }
}
