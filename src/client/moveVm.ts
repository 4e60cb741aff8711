// Moving one VM between two replicas without losing a change (docs/state.md, "Rebalancing").
//
// First, optimistically, with the VM always reachable: export it, import the copy on the new
// owner, and delete the old copy only if it is still the state that was copied (DeleteVm's
// expected_state_sha256). Every call of a harness that knows both lists goes to the old owner
// while it holds the VM, so a change made meanwhile makes that delete fail (ESTALE): the copy is
// dropped and the move tried again. A VM that changes during every try is then moved fenced:
// export, spool the state to disk, delete the old copy on the same condition, import. Between
// the delete and the import the VM exists on no replica; the harness's client waits that out.
import { createHash } from 'node:crypto';
import { KvmError } from '../device/errno.js';
import type { FlicClient } from './flicClient.js';
import type { MoveSpool } from './moveSpool.js';
import { isVmMissing } from './movingVm.js';

export type MoveOutcome =
  /** Copied to its new owner and deleted on the old one. */
  | 'moved'
  /** Already on its new owner with the same state (an earlier run): deleted on the old one only. */
  | 'resumed'
  /** Deleted by a harness while it moved: nothing left to move. */
  | 'gone'
  /** Dry run: this VM would move. */
  | 'planned'
  | 'failed';

export interface MoveResult {
  readonly outcome: MoveOutcome;
  /** Copies made (more than one when the VM changed during the move). */
  readonly attempts: number;
  /** The copy that moved was fenced (spooled, then deleted before its import). */
  readonly fenced?: boolean;
  readonly error?: string;
}

export interface MoveLimits {
  /** Optimistic tries before the fenced move. */
  readonly optimistic: number;
  /** Fenced tries (only with a spool). */
  readonly fenced: number;
}

function sha256(b: Uint8Array): Buffer {
  return createHash('sha256').update(b).digest();
}

function errnoOf(err: unknown): string | undefined {
  return err instanceof KvmError ? err.errnoName : undefined;
}

class Gone extends Error {}

/** Deletes the copy on the new owner if it is still `digest`'s state (ENOENT: already gone). */
async function dropCopy(dst: FlicClient, vmId: string, digest: Buffer): Promise<void> {
  await dst.deleteVm(vmId, { expectedStateSha256: digest }).catch((err: unknown) => {
    if (!isVmMissing(err)) throw err;
  });
}

async function exported(src: FlicClient, vmId: string): Promise<Uint8Array> {
  try {
    return await src.exportVm(vmId);
  } catch (err) {
    if (isVmMissing(err)) throw new Gone();
    throw err;
  }
}

export async function moveVm(src: FlicClient, dst: FlicClient, vmId: string, limits: MoveLimits, spool: MoveSpool | null, to: string): Promise<MoveResult> {
  let copies = 0;
  try {
    for (let i = 0; i < limits.optimistic; i++) {
      const state = await exported(src, vmId);
      copies++;
      const digest = sha256(state);
      let resumed = false;
      try {
        await dst.importVm(vmId, state);
      } catch (err) {
        if (errnoOf(err) !== 'EEXIST') throw err;
        // Left by an earlier run: unused, since the old owner still holds the VM and calls go there first.
        const there = await dst.exportVm(vmId);
        if (!Buffer.from(there).equals(Buffer.from(state))) {
          await dst.deleteVm(vmId, { expectedStateSha256: sha256(there) });
          i--;
          copies--;
          continue;
        }
        resumed = true;
      }
      try {
        await src.deleteVm(vmId, { expectedStateSha256: digest });
        return { outcome: resumed ? 'resumed' : 'moved', attempts: copies };
      } catch (err) {
        if (isVmMissing(err)) {
          // A harness deleted the VM during the move: the copy must not bring it back.
          await dropCopy(dst, vmId, digest);
          return { outcome: 'gone', attempts: copies };
        }
        if (errnoOf(err) !== 'ESTALE') throw err;
        await dropCopy(dst, vmId, digest);
      }
    }
    if (spool === null) return { outcome: 'failed', attempts: copies, error: `the VM changed during each of ${copies} copies (a spool directory allows a fenced move)` };
    for (let i = 0; i < limits.fenced; i++) {
      const state = await exported(src, vmId);
      copies++;
      const file = await spool.put(vmId, to, state);
      try {
        await src.deleteVm(vmId, { expectedStateSha256: sha256(state) });
      } catch (err) {
        await spool.remove(file);
        if (isVmMissing(err)) return { outcome: 'gone', attempts: copies };
        if (errnoOf(err) !== 'ESTALE') throw err;
        continue;
      }
      try {
        await dst.importVm(vmId, state);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return { outcome: 'failed', attempts: copies, error: `deleted on the old owner, not imported on the new one (${why}); its state is kept in ${file}: run the rebalance again` };
      }
      await spool.remove(file);
      return { outcome: 'moved', attempts: copies, fenced: true };
    }
    return { outcome: 'failed', attempts: copies, error: `the VM changed during each of ${copies} copies` };
  } catch (err) {
    if (err instanceof Gone) return { outcome: 'gone', attempts: copies };
    return { outcome: 'failed', attempts: copies, error: err instanceof Error ? err.message : String(err) };
  }
}
