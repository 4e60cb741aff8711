// A state directory, put together (docs/state.md): lock it, restore every VM from it, journal
// every change from then on with replies held until durable, compact in the background when the
// journal has grown, and write a final snapshot when the service stops. app.ts opens it before the
// server listens (so health turns SERVING only after the restore) and closes it after the drain.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import type { VmRegistry } from '../../device/index.js';
import type { Logger } from '../logger.js';
import type { ReplyGate } from '../unary.js';
import { Journal } from './journal.js';
import { restoreStateDir, type RestoreResult } from './restore.js';
import { cutSnapshot, syncDirectory, writeSnapshot } from './snapshots.js';
import { lockStateDir } from './stateDirLock.js';
import { StateMetrics } from './stateMetrics.js';

export interface StateDirOptions {
  readonly dir: string;
  /** Journal bytes since the last snapshot that start a compaction. */
  readonly compactAfterBytes: number;
  readonly vms: VmRegistry;
  readonly registry: Registry;
  readonly logger: Logger;
  /**
   * A journal write or fdatasync failed. The state in memory is then ahead of the disk and replies
   * are held: the only consistent way on is a restart from what is on disk. Default: log and exit.
   */
  readonly onJournalFailure?: (err: unknown) => void;
}

export interface StateDir {
  readonly dir: string;
  /** Holds each Flic reply until what its call observed is durable. */
  readonly replies: ReplyGate;
  /** Starts a compaction now unless one runs; resolves when it is done. */
  compact(): Promise<void>;
  /** The final snapshot, then the lock goes. For the stop, after the drain. */
  close(): Promise<{ vms: number; file: string }>;
  /** Releases the lock without a snapshot (the service failed to start after the restore). */
  abandon(): Promise<void>;
}

/** Exit status when the journal cannot be written. */
export const EXIT_JOURNAL_FAILED = 1;

export async function openStateDir(o: StateDirOptions): Promise<StateDir> {
  const dir = path.resolve(o.dir);
  mkdirSync(dir, { recursive: true });
  const lock = await lockStateDir(dir);
  const log = o.logger.child({ stateDir: dir });
  try {
    const restored = await restoreStateDir(dir, o.vms);
    if (restored.torn !== null) log.warn({ ...restored.torn }, 'flic state: torn last journal record dropped (a crash in mid-write; its calls were never answered)');
    if (restored.removed.length > 0) log.info({ files: restored.removed }, 'flic state: removed files of an earlier snapshot');
    log.info(
      { vms: restored.vms, snapshot: restored.snapshot, segments: restored.segments, entries: restored.entries, durationMs: Math.round(restored.durationMs) },
      'flic state restored',
    );
    const budget = o.vms.pendingBudget;
    if (budget !== null && budget.usedBytes > budget.limitBytes) {
      log.warn(
        { pendingBytes: budget.usedBytes, maxPendingBytes: budget.limitBytes },
        'flic state: the restored VMs hold more pending interrupts than the budget; injections fail with ENOMEM until enough are taken',
      );
    }
    return new OpenStateDir(dir, o, log, lock, restored);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

class OpenStateDir implements StateDir {
  private readonly journal: Journal;
  private readonly metrics: StateMetrics;
  /** Journal bytes before the current cut that a restart would still replay (no snapshot covers them yet). */
  private carried: number;
  private compacting: Promise<void> | null = null;
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly o: StateDirOptions,
    private readonly log: Logger,
    private readonly lock: { release(): Promise<void> },
    restored: RestoreResult,
  ) {
    this.carried = restored.journalBytes;
    this.metrics = new StateMetrics(o.registry, () => this.journalBytes);
    this.metrics.restoreSeconds.set(restored.durationMs / 1000);
    this.metrics.restoredVms.set(restored.vms);
    this.metrics.restoreReplayed.set(restored.entries);
    const onFailure =
      o.onJournalFailure ??
      ((err: unknown) => {
        log.fatal({ err }, 'flic state: the journal cannot be written; stopping (a restart restores what is on disk)');
        process.exit(EXIT_JOURNAL_FAILED);
      });
    this.journal = new Journal({
      dir,
      segment: restored.nextSegment,
      metrics: this.metrics,
      syncDir: () => syncDirectory(dir),
      onFailure,
      afterCommit: () => this.maybeCompact(),
    });
    o.vms.setChangeRecorder(this.journal);
    // A restart that replayed a journal compacts at once, so that the next one reads a snapshot
    // (and a crash loop does not pile up empty segments).
    if (restored.entries > 0 || restored.segments.length > 1) void this.compact();
  }

  get replies(): ReplyGate {
    return this.journal;
  }

  private get journalBytes(): number {
    return this.carried + this.journal.bytesSinceCut;
  }

  private maybeCompact(): void {
    if (this.compacting === null && !this.closed && this.journalBytes >= this.o.compactAfterBytes) void this.compact();
  }

  compact(): Promise<void> {
    this.compacting ??= this.snapshot('compaction')
      .then(() => undefined)
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  private async snapshot(reason: string): Promise<{ vms: number; file: string }> {
    const began = performance.now();
    this.carried += this.journal.bytesSinceCut;
    const captured = cutSnapshot(this.o.vms, this.journal);
    const written = await writeSnapshot(this.dir, captured);
    this.carried = 0;
    const durationMs = performance.now() - began;
    const m = this.metrics;
    m.snapshots.inc();
    m.snapshotSeconds.set(durationMs / 1000);
    m.snapshotPauseSeconds.set(captured.pauseMs / 1000);
    m.snapshotBytes.set(written.bytes);
    this.log.info(
      { reason, file: written.file, vms: captured.vms, bytes: written.bytes, durationMs: Math.round(durationMs), pauseMs: Math.round(captured.pauseMs), removed: written.removed },
      'flic state snapshot written',
    );
    return { vms: captured.vms, file: written.file };
  }

  async close(): Promise<{ vms: number; file: string }> {
    this.closed = true;
    await this.compacting;
    await this.journal.flush();
    const saved = await this.snapshot('stop');
    this.o.vms.setChangeRecorder(null);
    await this.journal.close();
    await this.lock.release();
    return saved;
  }

  async abandon(): Promise<void> {
    this.closed = true;
    await this.compacting;
    this.o.vms.setChangeRecorder(null);
    await this.journal.close();
    await this.lock.release();
  }
}
