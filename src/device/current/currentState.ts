// Everything a current kernel's FLIC holds (spec §1.2, §4, §6, §7), in one place: the eight I/O
// queues with their subchannel index, the VIRTIO and PFAULT_DONE queues, the merged service
// signal and machine check, the GISA IPM, the AIS masks, the adapters with their masks and maps,
// the APF state, masked_irqs and the wake-up scan position (docs/delivery.md §3.3, §5) and the
// counters. The fields are private: the attribute dispatch, GET_ALL_IRQS, Inspect and delivery
// change and read the state only through the operations below, so a new queue, a serializer or a
// dequeue is written here once. Every operation that changes anything moves `changes`, the one
// figure a Vm compares to know whether a call changed the device (the state directory journals
// exactly those calls); capture() and restore() carry the whole state to and from a snapshot.

import {
  ASYNC_PF_PER_VCPU,
  EXT_PAD_OFFSET,
  EXT_PARAMS2_OFFSET,
  EXT_PARAMS_OFFSET,
  IO_INT_PARM_OFFSET,
  IO_INT_WORD_OFFSET,
  IO_SCHID_WORD_OFFSET,
  IRQ_TYPE_LO_OFFSET,
  IRQ_UNION_OFFSET,
  LOW_WORD,
  IO_INT_WORD_AI,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
  IRQ_PEND_IO_ISC_7,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_VIRTIO,
  ISC_COUNT,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_INT_IO_AI_MASK,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  MCHK_CR14_KEPT,
  OP_IMPORT_VM,
  OP_TPI,
  PV_SCLP_NOTIFICATION_PARAMS,
  countBits,
  hi32,
  iscPendingBit,
  iscFromIntWord,
  iscMask,
  iscToIntWord,
  join64,
  lo32,
  u32,
  writeExtRecord,
  writeIoRecord,
  writeMchkRecord,
} from '../abi/index.js';
import { copyCounters, countDequeue, countDelivery, newCounters } from '../counters.js';
import { KvmError } from '../errno.js';
import type { CurrentImage } from '../state/vmImage.js';
import type { PendingMemory } from '../pendingBudget.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AdapterState,
  AisMasks,
  FlicCounters,
  MachineCheckState,
  QueueDepths,
  QueueLimits,
  ServiceState,
  VmConfig,
} from '../types.js';
import { AdapterTable } from './adapters.js';
import { ExtQueue, type ExtEntry, type ExtEntryVisitor } from './extQueue.js';
import { IoQueues, type IoEntry, type IoEntryVisitor } from './ioQueues.js';
import { MachineCheck, ServiceSignal } from './mergedIrqs.js';

export class CurrentState {
  private readonly io: IoQueues;
  private readonly virtio: ExtQueue;
  private readonly pfault: ExtQueue;
  private readonly pfaultLimit: number;
  private readonly service = new ServiceSignal();
  private readonly mchk = new MachineCheck();
  /** GISA interruption-pending mask; stays 0 without a GISA. */
  private ipm = 0;
  private simm = 0;
  private nimm = 0;
  private apf = false;
  /** Pending bits held back from delivery: SERVICE on a protected VM (docs/delivery.md §3.3). */
  private masked: number;
  /** The vCPU that most recently began waiting (the kernel's last_sleep_cpu). */
  private scanStart = 0;
  /** PV SCLP intercepts: like injections, they make SERVICE pending. */
  private notifications = 0;
  private readonly adapters: AdapterTable;
  private totals: FlicCounters = newCounters();
  /** Changes made here; with the adapter table's own, what `changes` reports. */
  private edits = 0;

  constructor(
    private readonly config: VmConfig,
    private readonly memory: PendingMemory,
  ) {
    this.pfaultLimit = ASYNC_PF_PER_VCPU * config.maxVcpus;
    this.io = new IoQueues(memory);
    this.virtio = new ExtQueue(KVM_S390_MAX_VIRTIO_IRQS, memory);
    this.pfault = new ExtQueue(this.pfaultLimit, memory);
    this.adapters = new AdapterTable(config);
    // The conversion to protected mode holds SERVICE back until the guest's first SCLP request.
    this.masked = config.protected ? 1 << IRQ_PEND_EXT_SERVICE : 0;
  }

  // ---- reads of the whole state (O(1): metrics read them at scrape time) ---------------------

  /** Grows with every change of the state, whatever changed it (errors with a partial effect too). */
  get changes(): number {
    return this.edits + this.adapters.version;
  }

  /** Monotonic totals (live object: read, do not write). */
  get counters(): Readonly<FlicCounters> {
    return this.totals;
  }

  get adapterCount(): number {
    return this.adapters.count;
  }

  get gisaIpm(): number {
    return this.ipm;
  }

  get apfEnabled(): boolean {
    return this.apf;
  }

  get maskedIrqs(): number {
    return this.masked;
  }

  get waitScanStart(): number {
    return this.scanStart;
  }

  /**
   * Grows by one with every accepted injection, reinjection and SCLP intercept: when it has not
   * moved, nothing can have become deliverable (what the server's waiting vCPUs watch).
   */
  get arrivals(): number {
    const c = this.totals;
    return (
      c.injectedIo + c.injectedAdapter + c.injectedVirtio + c.injectedPfault + c.injectedService + c.injectedMchk + c.reinjected + this.notifications
    );
  }

  aisMasks(): AisMasks {
    return { simm: this.simm, nimm: this.nimm };
  }

  depths(): QueueDepths {
    const gisa = new Array<number>(ISC_COUNT);
    for (let isc = 0; isc < ISC_COUNT; isc++) gisa[isc] = (this.ipm & iscMask(isc)) !== 0 ? 1 : 0;
    return {
      io: this.io.depths(),
      gisa,
      virtio: this.virtio.count,
      pfault: this.pfault.count,
      service: this.service.pending ? 1 : 0,
      mchk: this.mchk.pending ? 1 : 0,
      total: countBits(this.ipm) + this.queuedRecords(),
    };
  }

  /** Each limited queue's counter against its kernel limit (io: all eight ISCs share one). */
  limits(): QueueLimits {
    return {
      io: { count: this.io.count, limit: KVM_S390_MAX_FLOAT_IRQS },
      virtio: { count: this.virtio.count, limit: KVM_S390_MAX_VIRTIO_IRQS },
      pfault: { count: this.pfault.count, limit: this.pfaultLimit },
    };
  }

  /** Records GET_ALL_IRQS reports besides the GISA bits: queues plus the merged service and machine check. */
  queuedRecords(): number {
    return this.io.count + this.virtio.count + this.pfault.count + (this.service.pending ? 1 : 0) + (this.mchk.pending ? 1 : 0);
  }

  // ---- the records, in GET_ALL_IRQS order (spec §5.2) -------------------------------------------

  /**
   * Writes countBits(gisaBits) + queuedRecords() records into `out` (zeroed): an adapter record for
   * each ISC in `gisaBits`, the I/O queues ISC 0 to 7, PFAULT_DONE, VIRTIO, service, machine check.
   */
  writeRecords(out: DataView, gisaBits: number): void {
    let o = 0;
    for (let isc = 0; isc < ISC_COUNT; isc++) {
      if ((gisaBits & iscMask(isc)) === 0) continue;
      writeIoRecord(out, o, KVM_S390_INT_IO_ADAPTER, 0, 0, (IO_INT_WORD_AI | iscToIntWord(isc)) >>> 0);
      o += KVM_S390_IRQ_SIZE;
    }
    const writeIo: IoEntryVisitor = (type, schid, parm, word) => {
      writeIoRecord(out, o, type, schid, parm, word);
      o += KVM_S390_IRQ_SIZE;
    };
    for (let isc = 0; isc < ISC_COUNT; isc++) this.io.forEach(isc, writeIo);
    const writeExt =
      (type: number): ExtEntryVisitor =>
      (params, pad, params2Hi, params2Lo) => {
        writeExtRecord(out, o, type, params, pad, params2Hi, params2Lo);
        o += KVM_S390_IRQ_SIZE;
      };
    this.pfault.forEach(writeExt(KVM_S390_INT_PFAULT_DONE));
    this.virtio.forEach(writeExt(KVM_S390_INT_VIRTIO));
    if (this.service.pending) {
      writeExtRecord(out, o, KVM_S390_INT_SERVICE, this.service.word, 0, 0, 0);
      o += KVM_S390_IRQ_SIZE;
    }
    if (this.mchk.pending) writeMchkRecord(out, o, this.mchk.cr14Lo, this.mchk.mcicHi, this.mchk.mcicLo);
  }

  /** Every pending record in GET_ALL_IRQS order, GISA bits included, taking nothing (an export). */
  pendingRecords(): Uint8Array {
    const out = new Uint8Array((countBits(this.ipm) + this.queuedRecords()) * KVM_S390_IRQ_SIZE);
    this.writeRecords(new DataView(out.buffer), this.ipm);
    return out;
  }

  /** The live entries of one ISC's queue, oldest first. */
  forEachIo(isc: number, visit: IoEntryVisitor): void {
    this.io.forEach(isc, visit);
  }

  forEachPfaultDone(visit: ExtEntryVisitor): void {
    this.pfault.forEach(visit);
  }

  forEachVirtio(visit: ExtEntryVisitor): void {
    this.virtio.forEach(visit);
  }

  serviceState(): ServiceState {
    const s = this.service;
    return { pending: s.pending, sccbPending: s.sccbPending, eventPending: s.eventPending, extParams: s.word };
  }

  machineCheckState(): MachineCheckState {
    const m = this.mchk;
    return { pending: m.pending, cr14: BigInt(m.cr14Lo), mcic: join64(m.mcicHi, m.mcicLo) };
  }

  adapterStates(): AdapterState[] {
    return this.adapters.states();
  }

  // ---- changes of the whole state -----------------------------------------------------------

  /** §3.3: every pending interrupt goes; adapters, AIS masks and APF state stay (masked_irqs too, when protected). */
  clear(): void {
    const pending = countBits(this.ipm) + this.queuedRecords();
    const masked = this.config.protected ? this.masked : 0;
    if (pending === 0 && masked === this.masked) return;
    this.edits++;
    this.totals.cleared += pending;
    this.io.clear();
    this.virtio.clear();
    this.pfault.clear();
    this.service.clear();
    this.mchk.clear();
    this.ipm = 0;
    this.masked = masked;
  }

  /** GISA bits handed to the caller (GET_ALL_IRQS reports them as records). */
  takeGisaBits(bits: number): void {
    if ((this.ipm & bits) === 0) return;
    this.edits++;
    this.ipm &= ~bits;
  }

  /** GISA bits taken and then lost by a failing GET_ALL_IRQS (spec §5.3): they count as cleared. */
  loseGisaBits(bits: number): void {
    if (bits === 0) return;
    this.edits++;
    this.ipm &= ~bits;
    this.totals.cleared += countBits(bits);
  }

  // ---- injection (spec §4) --------------------------------------------------------------------

  /**
   * Fails with ENOMEM, taking nothing, unless the pending-interrupt budget has room for what
   * `records` more records could allocate, in whichever queue they land. Every operation that adds
   * pending records calls it (or requireIoRoom) before the first one (ENQUEUE, AIRQ_INJECT,
   * ReinjectIo), so that a refused call leaves no partial effect.
   */
  requireRoom(records: number, group: string): void {
    const io = this.io.growthFor(Math.min(records, KVM_S390_MAX_FLOAT_IRQS - this.io.count));
    const virtio = this.virtio.growthFor(Math.min(records, KVM_S390_MAX_VIRTIO_IRQS - this.virtio.count));
    const pfault = this.pfault.growthFor(Math.min(records, this.pfaultLimit - this.pfault.count));
    this.memory.require(io + virtio + pfault, group);
  }

  /** §4.2: an I/O interrupt goes to the GISA (AI with a GISA) or to its ISC queue. */
  enqueueIo(type: number, schid: number, parm: number, word: number, group: string): void {
    this.injectIo(type, schid, parm, word, group);
    this.totals.injectedIo++;
    this.edits++;
  }

  enqueueVirtio(params: number, pad: number, params2Hi: number, params2Lo: number, group: string, index: number): void {
    if (this.virtio.count >= KVM_S390_MAX_VIRTIO_IRQS) {
      throw new KvmError('EBUSY', group, `record ${index}: VIRTIO queue is full (${KVM_S390_MAX_VIRTIO_IRQS})`);
    }
    this.virtio.push(params, pad, params2Hi, params2Lo, group);
    this.totals.injectedVirtio++;
    this.edits++;
  }

  enqueuePfaultDone(params: number, pad: number, params2Hi: number, params2Lo: number, group: string, index: number): void {
    if (this.pfault.count >= this.pfaultLimit) {
      throw new KvmError('EBUSY', group, `record ${index}: PFAULT_DONE queue is full (${this.pfaultLimit})`);
    }
    this.pfault.push(params, pad, params2Hi, params2Lo, group);
    this.totals.injectedPfault++;
    this.edits++;
  }

  enqueueService(params: number): void {
    if (this.service.inject(params)) this.totals.coalesced++;
    this.totals.injectedService++;
    this.edits++;
  }

  /** cr14 arrives as its low half: the only bit a floating machine check keeps lives there. */
  enqueueMchk(cr14Lo: number, mcicHi: number, mcicLo: number): void {
    if (this.mchk.inject(cr14Lo & MCHK_CR14_KEPT, mcicHi, mcicLo)) this.totals.coalesced++;
    this.totals.injectedMchk++;
    this.edits++;
  }

  /** §6.3: AIRQ_INJECT with AIS suppression. The adapter's mask is not consulted. */
  injectAdapterIrq(id: number, group: string): void {
    const a = this.adapters.find(id);
    if (a === undefined) throw new KvmError('EINVAL', group, `no adapter with id ${id}`);
    const word = (IO_INT_WORD_AI | iscToIntWord(a.isc)) >>> 0;
    if (!this.config.ais || !a.suppressible) {
      this.requireIoRoom(KVM_S390_INT_IO_ADAPTER, group);
      this.injectIo(KVM_S390_INT_IO_ADAPTER, 0, 0, word, group);
      this.totals.injectedAdapter++;
      this.edits++;
      return;
    }
    const m = iscMask(a.isc);
    if ((this.nimm & m) !== 0) {
      this.totals.suppressed++;
      this.edits++;
      return;
    }
    this.requireIoRoom(KVM_S390_INT_IO_ADAPTER, group);
    this.injectIo(KVM_S390_INT_IO_ADAPTER, 0, 0, word, group);
    this.totals.injectedAdapter++;
    this.edits++;
    if ((this.simm & m) !== 0) this.nimm |= m;
  }

  /**
   * requireRoom for one I/O interrupt of `type` (AIRQ_INJECT, ReinjectIo): it takes a queue entry,
   * unless the VM's GISA takes it as a bit or the queues are full (EBUSY refuses it then).
   */
  private requireIoRoom(type: number, group: string): void {
    if (this.config.gisa && (type & KVM_S390_INT_IO_AI_MASK) !== 0) return;
    if (this.io.count >= KVM_S390_MAX_FLOAT_IRQS) return;
    this.memory.require(this.io.growthFor(1), group);
  }

  private injectIo(type: number, schid: number, parm: number, word: number, group: string): void {
    if (this.config.gisa && (type & KVM_S390_INT_IO_AI_MASK) !== 0) {
      const bit = iscMask(iscFromIntWord(word));
      if ((this.ipm & bit) !== 0) this.totals.coalesced++;
      this.ipm |= bit;
      return;
    }
    if (this.io.count >= KVM_S390_MAX_FLOAT_IRQS) {
      throw new KvmError('EBUSY', group, `I/O queues are full (${KVM_S390_MAX_FLOAT_IRQS} shared by all ISCs)`);
    }
    this.io.push(type, schid, parm, word, group);
  }

  /** §4.4 of docs/delivery.md: a dequeued I/O interrupt goes back as a fresh injection. */
  reinjectIo(type: number, schid: number, parm: number, word: number, group: string): void {
    this.requireIoRoom(type, group);
    this.injectIo(type, schid, parm, word, group);
    this.totals.reinjected++;
    this.edits++;
  }

  // ---- delivery (docs/delivery.md §1, §3, §4) ---------------------------------------------------

  /** The floating pending word: queues, service, machine check, minus masked_irqs, plus the GISA IPM. */
  pendingWord(): number {
    let w = 0;
    for (let isc = 0; isc < ISC_COUNT; isc++) if (this.io.depthOf(isc) !== 0) w |= 1 << iscPendingBit(isc);
    if (this.virtio.count !== 0) w |= 1 << IRQ_PEND_VIRTIO;
    if (this.pfault.count !== 0) w |= 1 << IRQ_PEND_PFAULT_DONE;
    if (this.service.sccbPending) w |= 1 << IRQ_PEND_EXT_SERVICE;
    if (this.service.eventPending) w |= 1 << IRQ_PEND_EXT_SERVICE_EV;
    if (this.mchk.pending) w |= 1 << IRQ_PEND_MCHK_REP;
    return (w & ~this.masked) | (this.ipm << IRQ_PEND_IO_ISC_7);
  }

  /** The floating machine check's cr14 (low word; nothing else survives the merge), 0 when none. */
  get floatingMchkCr14(): number {
    return this.mchk.cr14Lo;
  }

  /** The oldest queued I/O interrupt of an ISC into `out` (GISA bits are separate); false when none. */
  oldestIo(isc: number, out: IoEntry): boolean {
    return this.io.oldest(isc, out);
  }

  removeOldestIo(isc: number): void {
    if (this.io.depthOf(isc) === 0) return;
    this.edits++;
    this.io.removeOldest(isc);
  }

  /** Removes the first queued interrupt of a subchannel, ISC 0 first, into `out`; its ISC or -1. */
  takeIoOf(schid: number, out: IoEntry): number {
    const isc = this.io.takeFirst(schid, out);
    if (isc >= 0) this.edits++;
    return isc;
  }

  /**
   * TPI's own reinjection (the adapter interrupt won): back to the tail, not counted as a
   * reinjection. The kernel ignores its failure; it cannot fail, the entry's slot was just freed.
   * So it asks neither the limit nor the pending-interrupt budget: the push reuses that freed slot
   * and charges nothing.
   */
  requeueIo(type: number, schid: number, parm: number, word: number): void {
    if (this.io.count >= KVM_S390_MAX_FLOAT_IRQS) return;
    this.edits++;
    this.io.push(type, schid, parm, word, OP_TPI);
  }

  /** IPM bits put back (TPI found a queued interrupt of higher priority after taking the bit). */
  restoreGisaBits(bits: number): void {
    if ((this.ipm | bits) === this.ipm) return;
    this.edits++;
    this.ipm |= bits;
  }

  oldestVirtio(out: ExtEntry): boolean {
    return this.virtio.head(out);
  }

  removeOldestVirtio(): void {
    if (this.virtio.count === 0) return;
    this.edits++;
    this.virtio.dropHead();
  }

  oldestPfaultDone(out: ExtEntry): boolean {
    return this.pfault.head(out);
  }

  removeOldestPfaultDone(): void {
    if (this.pfault.count === 0) return;
    this.edits++;
    this.pfault.dropHead();
  }

  /** SERVICE_EV taken: its event bits leave the word (returned). */
  takeServiceEvents(): number {
    this.edits++;
    return this.service.takeEvents();
  }

  /** SERVICE taken: the whole word leaves (returned); a protected VM holds SERVICE back again. */
  takeService(): number {
    this.edits++;
    if (this.config.protected) this.masked |= 1 << IRQ_PEND_EXT_SERVICE;
    return this.service.take();
  }

  takeMachineCheck(): void {
    this.edits++;
    this.mchk.clear();
  }

  /** The guest of a protected VM issued an SCLP request: SERVICE is released and made pending. */
  pvSclpIntercept(): void {
    this.service.notify(PV_SCLP_NOTIFICATION_PARAMS);
    this.masked &= ~(1 << IRQ_PEND_EXT_SERVICE);
    this.notifications++;
    this.edits++;
  }

  beginWait(cpuId: number): void {
    if (cpuId === this.scanStart) return;
    this.edits++;
    this.scanStart = cpuId;
  }

  countDelivery(bit: number, local: boolean): void {
    countDelivery(this.totals, bit, local);
    this.edits++;
  }

  countDequeue(tsch: boolean, hit: boolean): void {
    countDequeue(this.totals, tsch, hit);
    this.edits++;
  }

  // ---- the other groups ------------------------------------------------------------------------

  /** §8: the first pending I/O interrupt of the subchannel goes, searching ISC 0 first. */
  clearIo(schid: number): void {
    if (!this.io.removeFirst(schid)) return;
    this.totals.cleared++;
    this.edits++;
  }

  /** §3.9: ALL clears both masks' bit of the ISC, SINGLE arms the single interrupt. */
  setAisMode(isc: number, single: boolean): void {
    const m = iscMask(isc);
    this.setAisMasks({ simm: single ? this.simm | m : this.simm & ~m, nimm: this.nimm & ~m });
  }

  setAisMasks(masks: AisMasks): void {
    if (masks.simm === this.simm && masks.nimm === this.nimm) return;
    this.edits++;
    this.simm = masks.simm;
    this.nimm = masks.nimm;
  }

  /** DISABLE_WAIT waits for async page faults in flight; an emulator has none. */
  setApf(enabled: boolean): void {
    if (enabled === this.apf) return;
    this.edits++;
    this.apf = enabled;
  }

  registerAdapter(a: AdapterConfig): void {
    this.adapters.register(a);
  }

  modifyAdapter(r: AdapterRequest): void {
    this.adapters.modify(r);
  }

  // ---- the whole state as a snapshot (docs/state.md) --------------------------------------------

  /** Everything above as plain data; reads only (the GISA bits stay, nothing is counted). */
  capture(): CurrentImage {
    const io = new Uint8Array(this.io.count * KVM_S390_IRQ_SIZE);
    this.writeIo(new DataView(io.buffer));
    return {
      profile: 'current',
      io,
      gisaIpm: this.ipm,
      pfaultDone: this.extRecords(this.pfault, KVM_S390_INT_PFAULT_DONE),
      virtio: this.extRecords(this.virtio, KVM_S390_INT_VIRTIO),
      service: { word: this.service.word, sccbPending: this.service.sccbPending, eventPending: this.service.eventPending },
      machineCheck: this.machineCheckState(),
      ais: this.aisMasks(),
      adapters: this.adapters.states(),
      apfEnabled: this.apf,
      maskedIrqs: this.masked,
      waitScanStart: this.scanStart,
      counters: copyCounters(this.totals),
    };
  }

  /**
   * Takes on a captured state, on a state just made with the same configuration. The image has
   * been checked (state/imageCheck.ts): every record is of its queue's class and within its limit.
   */
  restore(image: CurrentImage): void {
    const b = image.io;
    for (let o = 0; o < b.length; o += KVM_S390_IRQ_SIZE) {
      const p = o + IRQ_UNION_OFFSET;
      this.io.push(u32(b, o + IRQ_TYPE_LO_OFFSET), u32(b, p + IO_SCHID_WORD_OFFSET), u32(b, p + IO_INT_PARM_OFFSET), u32(b, p + IO_INT_WORD_OFFSET), OP_IMPORT_VM);
    }
    restoreExt(this.pfault, image.pfaultDone);
    restoreExt(this.virtio, image.virtio);
    this.ipm = image.gisaIpm;
    this.service.restore(image.service.word, image.service.sccbPending, image.service.eventPending);
    const m = image.machineCheck;
    if (m.pending) this.mchk.inject(lo32(m.cr14), hi32(m.mcic), lo32(m.mcic));
    this.simm = image.ais.simm;
    this.nimm = image.ais.nimm;
    this.adapters.restore(image.adapters);
    this.apf = image.apfEnabled;
    this.masked = image.maskedIrqs;
    this.scanStart = image.waitScanStart;
    this.totals = copyCounters(image.counters);
  }

  private writeIo(out: DataView): void {
    let o = 0;
    const writeIo: IoEntryVisitor = (type, schid, parm, word) => {
      writeIoRecord(out, o, type, schid, parm, word);
      o += KVM_S390_IRQ_SIZE;
    };
    for (let isc = 0; isc < ISC_COUNT; isc++) this.io.forEach(isc, writeIo);
  }

  private extRecords(queue: ExtQueue, type: number): Uint8Array {
    const out = new Uint8Array(queue.count * KVM_S390_IRQ_SIZE);
    const dv = new DataView(out.buffer);
    let o = 0;
    queue.forEach((params, pad, hi, lo) => {
      writeExtRecord(dv, o, type, params, pad, hi, lo);
      o += KVM_S390_IRQ_SIZE;
    });
    return out;
  }
}

function restoreExt(queue: ExtQueue, b: Uint8Array): void {
  for (let o = IRQ_UNION_OFFSET; o < b.length; o += KVM_S390_IRQ_SIZE) {
    queue.push(u32(b, o + EXT_PARAMS_OFFSET), u32(b, o + EXT_PAD_OFFSET), u32(b, o + EXT_PARAMS2_OFFSET), u32(b, o + EXT_PARAMS2_OFFSET + LOW_WORD), OP_IMPORT_VM);
  }
}
