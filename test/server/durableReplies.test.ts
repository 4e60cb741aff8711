// Replies wait for the journal (docs/state.md, "What is durable when"): every Flic reply, success
// or error, immediate or after a Deliver's wait, passes the server's ReplyGate; the journal's gate
// sends a reply only once the changes recorded before it are in the file and fdatasync'ed, and
// sends a reply at once when there is nothing to wait for.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/index.js';
import { Journal } from '../../src/server/persistence/journal.js';
import { decodeBatch } from '../../src/server/persistence/journalCodec.js';
import { JOURNAL_MAGIC, journalName, readRecords } from '../../src/server/persistence/stateFiles.js';
import { syncDirectory } from '../../src/server/persistence/snapshots.js';
import { StateMetrics } from '../../src/server/persistence/stateMetrics.js';
import type { ReplyGate } from '../../src/server/unary.js';
import { OPEN } from '../support/deliveryVectors.js';
import { A } from '../support/typedRecords.js';
import { startTestServer, type TestServer } from './fixture.js';

const dirs: string[] = [];
let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A gate that holds every reply until the test releases them. */
class HeldReplies implements ReplyGate {
  readonly held: (() => void)[] = [];
  hold(send: () => void): void {
    this.held.push(send);
  }
  releaseAll(): void {
    for (const send of this.held.splice(0)) send();
  }
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 150));
  return done;
};

describe('the server', () => {
  it('sends every reply through the gate: successes, errors, and a Deliver that waited', async () => {
    const gate = new HeldReplies();
    running = await startTestServer({ replies: gate });
    const c = running.client;
    const create = c.createVm('a');
    expect(await settled(create)).toBe(false);
    gate.releaseAll();
    await create;
    const failing = c.vm('nope').clearIrqs();
    expect(await settled(failing)).toBe(false);
    gate.releaseAll();
    await expect(failing).rejects.toMatchObject({ errnoName: 'ENOENT' });
    const device = c.vm('a').createDevice(KVM_DEV_TYPE_FLIC);
    await new Promise((r) => setTimeout(r, 50));
    gate.releaseAll();
    await device;
    const waiting = c.vm('a').deliver(OPEN, { waitMs: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    const enqueue = c.vm('a').enqueue([A]);
    await new Promise((r) => setTimeout(r, 100));
    expect(gate.held.length).toBe(2);
    gate.releaseAll();
    await enqueue;
    expect((await waiting).interruptClass).toBe('io');
  });
});

describe('the journal as a gate', () => {
  it('sends a reply only once the changes before it are in the file, synced; at once when nothing waits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flic-journal-'));
    dirs.push(dir);
    const journal = new Journal({ dir, segment: 1, metrics: new StateMetrics(new Registry(), () => 0), syncDir: () => syncDirectory(dir), onFailure: (err) => { throw err; } });
    const file = path.join(dir, journalName(1));
    const onDisk = (): number => readRecords(file, readFileSync(file), JOURNAL_MAGIC, false).records.flatMap((r) => decodeBatch(r)).length;
    let sentNow = false;
    journal.hold(() => (sentNow = true));
    expect(sentNow, 'nothing recorded: sent at once').toBe(true);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      journal.record(`vm-${i}`, { op: 'tpi', iscMask: i });
      journal.hold(() => seen.push(onDisk()));
    }
    expect(seen).toEqual([]);
    await journal.flush();
    expect(seen.length).toBe(5);
    seen.forEach((n, i) => expect(n, `reply ${i}`).toBeGreaterThanOrEqual(i + 1));
    await journal.close();
  });
});
