// Snapshots of a state directory (docs/state.md, "Snapshots and compaction"). The cut is
// synchronous: the journal moves to a new segment and every VM is copied as a FLIC-format blob in
// the same turn of the event loop, so the snapshot is exactly the state before the new segment's
// first change (calls wait for that copy: the snapshot's pause). Writing it is not: a temporary
// file, fdatasync, rename, directory fsync. Only then are the older snapshot and journal segments
// removed, so a crash at any point leaves a directory that restores.
import { closeSync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyCounters, type VmRegistry } from '../../device/index.js';
import type { Journal } from './journal.js';
import { encodeSnapshotHeader, encodeSnapshotVm } from './journalCodec.js';
import { SNAPSHOT_MAGIC, fileHeader, frameRecord, parseStateFileName, snapshotName } from './stateFiles.js';

/** Records are written in chunks of about this size (a snapshot is never one giant buffer). */
const CHUNK_BYTES = 8 << 20;

export interface CapturedSnapshot {
  /** The journal segment that begins after the cut (the snapshot's name). */
  readonly segment: number;
  readonly vms: number;
  readonly records: readonly Buffer[];
  readonly pauseMs: number;
}

export interface WrittenSnapshot {
  readonly file: string;
  readonly bytes: number;
  /** Older snapshots, journal segments and temporaries removed. */
  readonly removed: readonly string[];
}

/** fsync of the directory itself: makes a created, renamed or removed name durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The cut: rotate the journal and copy every VM, synchronously. */
export function cutSnapshot(vms: VmRegistry, journal: Journal): CapturedSnapshot {
  const began = performance.now();
  const segment = journal.rotate();
  const records: Buffer[] = [frameRecord(encodeSnapshotHeader({ firstSegment: segment, vmCount: vms.size, retired: copyCounters(vms.retiredCounters) }))];
  for (const vm of vms) records.push(frameRecord(encodeSnapshotVm(vm.id, vm.exportState('flic'))));
  return { segment, vms: vms.size, records, pauseMs: performance.now() - began };
}

/** Writes the captured snapshot durably, then removes what it replaces. */
export async function writeSnapshot(dir: string, s: CapturedSnapshot): Promise<WrittenSnapshot> {
  const name = snapshotName(s.segment);
  const temporary = path.join(dir, `${name}.tmp`);
  const handle = await open(temporary, 'w');
  let bytes = 0;
  try {
    let chunk: Buffer[] = [fileHeader(SNAPSHOT_MAGIC)];
    let size = chunk[0]!.length;
    const flush = async (): Promise<void> => {
      await handle.write(Buffer.concat(chunk, size));
      bytes += size;
      chunk = [];
      size = 0;
    };
    for (const r of s.records) {
      chunk.push(r);
      size += r.length;
      if (size >= CHUNK_BYTES) await flush();
    }
    if (size > 0) await flush();
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path.join(dir, name));
  syncDirectory(dir);
  return { file: name, bytes, removed: await removeReplaced(dir, s.segment) };
}

/** Snapshots and journal segments before `segment`, and stray temporaries. */
export async function removeReplaced(dir: string, segment: number): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const f = parseStateFileName(name);
    if (f === null || (f.kind !== 'temporary' && f.segment >= segment)) continue;
    await unlink(path.join(dir, name)).catch(() => undefined);
    removed.push(name);
  }
  if (removed.length > 0) syncDirectory(dir);
  return removed;
}

/** fdatasync of a file by name (a journal segment cut back to its last whole record). */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
