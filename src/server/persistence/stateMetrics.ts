// The state directory's Prometheus series (docs/operating.md, "State directory"). They exist only
// when --state-dir is set; the journal and the snapshots update them as they work (a handful per
// group commit, not per call).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** fdatasync of a local disk takes a fraction of a millisecond; network storage tens of ms. */
const FSYNC_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Calls per group commit: one when idle, up to the calls in flight under load. */
const COMMIT_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

export class StateMetrics {
  readonly fsync: Histogram;
  readonly commitEntries: Histogram;
  readonly journalWritten: Counter;
  readonly journalEntries: Counter;
  readonly snapshots: Counter;
  readonly snapshotSeconds: Gauge;
  readonly snapshotPauseSeconds: Gauge;
  readonly snapshotBytes: Gauge;
  readonly restoreSeconds: Gauge;
  readonly restoredVms: Gauge;
  readonly restoreReplayed: Gauge;

  constructor(registry: Registry, journalBytes: () => number) {
    const registers = [registry];
    this.fsync = new Histogram({
      name: 'flic_state_fsync_duration_seconds',
      help: 'Time of each fdatasync of the journal (one per group commit).',
      buckets: FSYNC_BUCKETS,
      registers,
    });
    this.commitEntries = new Histogram({
      name: 'flic_state_commit_entries',
      help: 'Changes made durable by one group commit (one fdatasync).',
      buckets: COMMIT_BUCKETS,
      registers,
    });
    this.journalWritten = new Counter({ name: 'flic_state_journal_written_bytes_total', help: 'Bytes written to the journal.', registers });
    this.journalEntries = new Counter({ name: 'flic_state_journal_entries_total', help: 'Changes written to the journal (calls that changed a VM).', registers });
    new Gauge({
      name: 'flic_state_journal_bytes',
      help: 'Journal bytes on disk that a restart would replay (since the last snapshot).',
      registers,
      collect() {
        this.set(journalBytes());
      },
    });
    this.snapshots = new Counter({ name: 'flic_state_snapshots_total', help: 'Snapshots written (compactions and the final one of a stop).', registers });
    this.snapshotSeconds = new Gauge({ name: 'flic_state_snapshot_duration_seconds', help: 'Time the last snapshot took, from its cut until it was on disk and the journal trimmed.', registers });
    this.snapshotPauseSeconds = new Gauge({
      name: 'flic_state_snapshot_pause_seconds',
      help: 'Time the last snapshot held up calls: copying every VM at the cut.',
      registers,
    });
    this.snapshotBytes = new Gauge({ name: 'flic_state_snapshot_size_bytes', help: 'Size of the last snapshot file.', registers });
    this.restoreSeconds = new Gauge({ name: 'flic_state_restore_duration_seconds', help: 'Time the restore at start took (snapshot and journal replay).', registers });
    this.restoredVms = new Gauge({ name: 'flic_state_restored_vms', help: 'VMs restored at start.', registers });
    this.restoreReplayed = new Gauge({ name: 'flic_state_restore_replayed_entries', help: 'Journal entries replayed at start.', registers });
  }
}
