// Restoring a state directory at start (docs/state.md, "Restart"): the newest snapshot, then every
// journal segment from the snapshot's first one on, replayed through the device's own entry points.
// A torn last record of the last segment is cut off and reported; any other damage is a
// StateFileError naming the file, and the start stops: flic never comes up silently empty.
import { readFile, readdir, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KvmError, replayChange, type VmRegistry } from '../../device/index.js';
import { decodeBatch, decodeSnapshotHeader, decodeSnapshotVm } from './journalCodec.js';
import { JOURNAL_MAGIC, SNAPSHOT_MAGIC, StateFileError, fileHeader, journalName, parseStateFileName, readRecords, snapshotName } from './stateFiles.js';
import { syncDirectory, syncFile } from './snapshots.js';

export interface TornTail {
  readonly file: string;
  readonly offset: number;
  readonly droppedBytes: number;
  readonly reason: string;
}

export interface RestoreResult {
  readonly snapshot: string | null;
  readonly segments: readonly string[];
  readonly vms: number;
  readonly entries: number;
  /** Journal bytes replayed: what a restart would replay again until the next snapshot. */
  readonly journalBytes: number;
  readonly torn: TornTail | null;
  /** Temporaries of an interrupted snapshot, and files a finished snapshot replaced. */
  readonly removed: readonly string[];
  /** The segment the journal continues with (no file of that number exists). */
  readonly nextSegment: number;
  readonly durationMs: number;
}

/** The segment a fresh directory's journal starts with. */
const FIRST_SEGMENT = 1;

function describe(err: unknown): string {
  return err instanceof KvmError ? err.message : err instanceof Error ? err.message : String(err);
}

export async function restoreStateDir(dir: string, vms: VmRegistry): Promise<RestoreResult> {
  // Every change was acknowledged within the budget of its day; today's budget may be smaller.
  const budget = vms.pendingBudget;
  if (budget !== null) budget.enforcing = false;
  try {
    return await restore(dir, vms);
  } finally {
    if (budget !== null) budget.enforcing = true;
  }
}

async function restore(dir: string, vms: VmRegistry): Promise<RestoreResult> {
  const began = performance.now();
  const snapshots: number[] = [];
  const journals: number[] = [];
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const f = parseStateFileName(name);
    if (f?.kind === 'snapshot') snapshots.push(f.segment);
    else if (f?.kind === 'journal') journals.push(f.segment);
    else if (f?.kind === 'temporary') {
      await unlink(path.join(dir, name));
      removed.push(name);
    }
  }
  snapshots.sort((a, b) => a - b);
  journals.sort((a, b) => a - b);
  const newest = snapshots.at(-1);
  let first = FIRST_SEGMENT;
  if (newest !== undefined) first = await loadSnapshot(dir, newest, vms);
  // Files a finished snapshot replaced, left by a crash before they were removed.
  for (const segment of snapshots.slice(0, -1)) removed.push(await removeFile(dir, snapshotName(segment)));
  for (const segment of journals.filter((s) => s < first)) removed.push(await removeFile(dir, journalName(segment)));
  if (removed.length > 0) syncDirectory(dir);

  const replay = journals.filter((s) => s >= first);
  if (replay.length > 0 && replay[0] !== first) {
    const name = journalName(first);
    throw new StateFileError(newest === undefined ? name : snapshotName(newest), `the journal must continue at ${name}, which is missing (the first segment is ${journalName(replay[0]!)})`);
  }
  let entries = 0;
  let journalBytes = 0;
  let torn: TornTail | null = null;
  for (const [i, segment] of replay.entries()) {
    if (segment !== first + i) throw new StateFileError(journalName(first + i), 'this journal segment is missing; later segments exist');
    const last = i === replay.length - 1;
    const r = await replaySegment(dir, segment, vms, last);
    entries += r.entries;
    journalBytes += r.bytes;
    torn = r.torn ?? torn;
  }
  return {
    snapshot: newest === undefined ? null : snapshotName(newest),
    segments: replay.map(journalName),
    vms: vms.size,
    entries,
    journalBytes,
    torn,
    removed,
    nextSegment: replay.length === 0 ? first : replay.at(-1)! + 1,
    durationMs: performance.now() - began,
  };
}

async function removeFile(dir: string, name: string): Promise<string> {
  await unlink(path.join(dir, name));
  return name;
}

/** Imports every VM of the snapshot; returns the first journal segment to replay over it. */
async function loadSnapshot(dir: string, segment: number, vms: VmRegistry): Promise<number> {
  const name = snapshotName(segment);
  const { records } = readRecords(name, await readFile(path.join(dir, name)), SNAPSHOT_MAGIC, false);
  if (records.length === 0) throw new StateFileError(name, 'the snapshot has no header record');
  let header;
  try {
    header = decodeSnapshotHeader(records[0]!);
  } catch (err) {
    throw new StateFileError(name, describe(err));
  }
  if (header.firstSegment !== segment) throw new StateFileError(name, `its header names segment ${header.firstSegment}, its name ${segment}`);
  if (records.length - 1 !== header.vmCount) throw new StateFileError(name, `the header says ${header.vmCount} VMs, the file holds ${records.length - 1}`);
  for (let i = 1; i < records.length; i++) {
    try {
      const { vmId, state } = decodeSnapshotVm(records[i]!);
      vms.importVm(vmId, state);
    } catch (err) {
      throw new StateFileError(name, `VM record ${i}: ${describe(err)}`);
    }
  }
  vms.restoreRetiredCounters(header.retired);
  return header.firstSegment;
}

async function replaySegment(dir: string, segment: number, vms: VmRegistry, last: boolean): Promise<{ entries: number; bytes: number; torn: TornTail | null }> {
  const name = journalName(segment);
  const file = path.join(dir, name);
  const bytes = await readFile(file);
  const { records, validEnd, torn } = readRecords(name, bytes, JOURNAL_MAGIC, last);
  let entries = 0;
  for (const [r, payload] of records.entries()) {
    let batch;
    try {
      batch = decodeBatch(payload);
    } catch (err) {
      throw new StateFileError(name, `record ${r}: ${describe(err)}`);
    }
    for (const [e, { vmId, change }] of batch.entries()) {
      try {
        replayChange(vms, vmId, change);
      } catch (err) {
        throw new StateFileError(name, `record ${r}, entry ${e} (${change.op} of VM ${vmId}) cannot be replayed: ${describe(err)}`);
      }
      entries++;
    }
  }
  if (torn === null) return { entries, bytes: bytes.length, torn: null };
  // Cut the torn record off (and give a file cut inside its header its header back).
  await truncate(file, validEnd);
  if (validEnd === 0) await writeFile(file, fileHeader(JOURNAL_MAGIC));
  syncFile(file);
  return { entries, bytes: validEnd, torn: { file: name, offset: torn.offset, droppedBytes: bytes.length - validEnd, reason: torn.reason } };
}
