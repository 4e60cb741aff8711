// The journal of a state directory: every change a VM reports (its ChangeRecorder) is appended in
// order and made durable by group commit. While one batch is written and fdatasync'ed, the changes
// of every call that runs meanwhile gather into the next batch, so many calls share one fdatasync
// (docs/state.md, "The journal"). A batch is one record: a torn write loses the whole batch, never
// a part of one call. `appended` counts changes recorded, `durable` those on disk; a reply waits
// until `durable` has caught up with what its call observed (durableReplies.ts). Rotation starts a
// new segment for a snapshot's cut; the batches recorded before it still go to the old one. A
// segment's file is created, with its header, synchronously when the segment begins, so every
// segment from a snapshot's first one on exists on disk: a missing one is damage, not silence.
import { closeSync, fdatasync, fdatasyncSync, openSync, write, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChangeRecorder, VmChange } from '../../device/index.js';
import type { ReplyGate } from '../unary.js';
import { ProtoWriter } from '../../device/state/protoWire.js';
import { appendEntry } from './journalCodec.js';
import type { StateMetrics } from './stateMetrics.js';
import { JOURNAL_MAGIC, fileHeader, frameRecord, journalName } from './stateFiles.js';

interface Batch {
  readonly segment: number;
  /** The JournalBatch message, its entries encoded as they were recorded. */
  readonly message: ProtoWriter;
  readonly entries: number;
  /** `appended` once this batch is durable. */
  readonly upTo: number;
  /** Its fdatasync returned. */
  synced: boolean;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * fdatasyncs in flight at once. With one, the calls waiting for a commit all wait together and
 * arrive together again (a convoy): the server idles while the disk syncs. With two, the next
 * batch is written and synced while the previous one's sync runs.
 */
const MAX_SYNCS = 2;

export interface JournalOptions {
  readonly dir: string;
  /** The first segment (its file must not exist yet: it is created now). */
  readonly segment: number;
  readonly metrics: StateMetrics;
  /** fsyncs the directory (after a segment file was created). */
  readonly syncDir: () => void;
  /** A write or fdatasync failed: the state in memory is ahead of the disk for good. */
  readonly onFailure: (err: unknown) => void;
  /** After each group commit (compaction watches the journal's size). */
  readonly afterCommit?: () => void;
}

function writeAll(fd: number, b: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      write(fd, b, offset, b.length - offset, null, (err, written) => {
        if (err !== null) reject(err);
        else if (offset + written < b.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err === null ? resolve() : reject(err))));
}

export class Journal implements ChangeRecorder, ReplyGate {
  private pending = new ProtoWriter();
  private pendingEntries = 0;
  private readonly sealed: Batch[] = [];
  private current: number;
  private appendedCount = 0;
  private durableCount = 0;
  private waiters: Waiter[] = [];
  private waitersHead = 0;
  private scheduled = false;
  private writing = false;
  private syncing = 0;
  /** Batches written, in order, whose turn to count as durable has not come yet. */
  private readonly inFlight: Batch[] = [];
  private idleWaiters: (() => void)[] = [];
  /** The open segment files by segment: the current one, and older ones with batches still to write. */
  private readonly files = new Map<number, number>();
  private failed = false;
  /** Journal bytes written since the last snapshot's cut (what compaction watches). */
  bytesSinceCut = 0;

  constructor(private readonly options: JournalOptions) {
    this.current = options.segment;
    this.createSegment(this.current);
  }

  /** The segment new changes go to. */
  get segment(): number {
    return this.current;
  }

  get appended(): number {
    return this.appendedCount;
  }

  get durable(): number {
    return this.durableCount;
  }

  /** Encodes the change at once: it may refer to the call's own arguments. */
  record(vmId: string, change: VmChange): void {
    appendEntry(this.pending, vmId, change);
    this.pendingEntries++;
    this.appendedCount++;
    if (!this.scheduled) {
      this.scheduled = true;
      // A microtask: the batch starts as soon as the call that recorded it returns; the calls
      // that run while it is written and synced gather into the next one.
      queueMicrotask(this.pump);
    }
  }

  /**
   * A reply: sent now when everything recorded so far is durable, else once it is (what the call
   * observed, its own changes and those of calls before it, is then on disk).
   */
  hold(send: () => void): void {
    const seq = this.appendedCount;
    if (seq <= this.durableCount) send();
    else this.waiters.push({ seq, resolve: send });
  }

  /** Resolves once the first `seq` changes are on disk. */
  whenDurable(seq: number): Promise<void> {
    if (seq <= this.durableCount) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Everything recorded so far, on disk. */
  async flush(): Promise<void> {
    await this.whenDurable(this.appendedCount);
  }

  /**
   * A snapshot's cut: what was recorded so far stays in the current segment, what comes next goes
   * to a new one. Returns the new segment's number (where a replay over the snapshot starts).
   */
  rotate(): number {
    const batch = this.takePending();
    if (batch !== null) this.sealed.push(batch);
    this.createSegment(this.current + 1);
    this.current++;
    this.bytesSinceCut = 0;
    this.closeOlder();
    return this.current;
  }

  /** Waits for the writes in progress and closes the files. */
  async close(): Promise<void> {
    await this.flush();
    if (this.writing || this.inFlight.length > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  /** The segment's file with its header, on disk before anything is recorded into it. */
  private createSegment(segment: number): void {
    const fd = openSync(path.join(this.options.dir, journalName(segment)), 'wx');
    writeSync(fd, fileHeader(JOURNAL_MAGIC));
    fdatasyncSync(fd);
    this.options.syncDir();
    this.files.set(segment, fd);
  }

  /** Closes the files of segments before the current one once nothing more goes to them. */
  private closeOlder(): void {
    for (const [segment, fd] of this.files) {
      if (segment === this.current || this.sealed.some((b) => b.segment === segment) || this.inFlight.some((b) => b.segment === segment)) continue;
      closeSync(fd);
      this.files.delete(segment);
    }
  }

  /** Starts the next batch's write when nothing is being written and a sync may start. */
  private readonly pump = (): void => {
    this.scheduled = false;
    if (this.writing || this.failed || this.syncing >= MAX_SYNCS) return;
    const batch = this.sealed.shift() ?? this.takePending();
    if (batch === null) {
      if (this.inFlight.length === 0) this.becameIdle();
      return;
    }
    this.writing = true;
    this.inFlight.push(batch);
    const record = frameRecord(batch.message);
    const fd = this.files.get(batch.segment)!;
    writeAll(fd, record).then(
      () => {
        this.writing = false;
        this.options.metrics.journalWritten.inc(record.length);
        if (batch.segment === this.current) this.bytesSinceCut += record.length;
        const began = performance.now();
        this.syncing++;
        datasync(fd).then(() => this.synced(batch, performance.now() - began), this.fail);
        this.pump();
      },
      this.fail,
    );
  };

  private synced(batch: Batch, ms: number): void {
    batch.synced = true;
    this.syncing--;
    const m = this.options.metrics;
    m.fsync.observe(ms / 1000);
    m.commitEntries.observe(batch.entries);
    m.journalEntries.inc(batch.entries);
    // Durable in order: a batch counts once every batch before it has synced too.
    while (this.inFlight[0]?.synced === true) this.durableCount = this.inFlight.shift()!.upTo;
    this.release();
    this.closeOlder();
    this.options.afterCommit?.();
    this.pump();
  }

  private readonly fail = (err: unknown): void => {
    if (this.failed) return;
    this.failed = true;
    this.options.onFailure(err);
  };

  private becameIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private takePending(): Batch | null {
    if (this.pendingEntries === 0) return null;
    const batch = { segment: this.current, message: this.pending, entries: this.pendingEntries, upTo: this.appendedCount, synced: false };
    this.pending = new ProtoWriter();
    this.pendingEntries = 0;
    return batch;
  }

  private release(): void {
    const w = this.waiters;
    let i = this.waitersHead;
    while (i < w.length && w[i]!.seq <= this.durableCount) w[i++]!.resolve();
    if (i === w.length) {
      this.waiters = [];
      this.waitersHead = 0;
    } else {
      this.waitersHead = i;
    }
  }
}
