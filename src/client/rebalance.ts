// Moving VMs when a farm's replica list changes (docs/state.md, "Rebalancing"): every replica of
// either list says which VMs it holds, every VM found on a replica that does not own it under the
// new list moves there (moveVm.ts), and nothing else is touched. A second run resumes the first:
// VMs already moved stay, a copy that an earlier run left is checked, and a fenced move that
// stopped half-way is finished from the spool. Harnesses keep calling during the move through a
// ShardedFlicClient given both lists (movingVm.ts): no acknowledged change is lost.
import { KvmError } from '../device/errno.js';
import { FlicClient, type FlicClientOptions } from './flicClient.js';
import { MoveSpool } from './moveSpool.js';
import { moveVm, type MoveOutcome } from './moveVm.js';
import { isVmMissing } from './movingVm.js';
import { pickReplica, resolveReplicas, type ReplicaAddress, type ShardTarget } from './shard.js';

export type { MoveOutcome } from './moveVm.js';

export interface RebalanceOptions extends FlicClientOptions {
  readonly from: ShardTarget;
  readonly to: ShardTarget;
  /** Moves in flight at once (each holds up to a VM's state, 27 MB at most). Default 8. */
  readonly concurrency?: number;
  /** Optimistic copies of one VM (always reachable) before it is moved fenced. Default 3. */
  readonly attempts?: number;
  /**
   * Where a VM that keeps changing is spooled for a fenced move (without one, such a VM fails and
   * a later run moves it); a later run finishes what a run that died left there.
   */
  readonly spoolDir?: string;
  /** Only plan: report what would move, change nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (event: MoveEvent) => void;
}

export interface MoveEvent {
  readonly vmId: string;
  readonly from: string;
  readonly to: string;
  readonly outcome: MoveOutcome;
  /** Copies made (more than one when the VM changed during the move). */
  readonly attempts: number;
  /** Moved fenced: spooled, deleted on the old owner, then imported (or recovered from the spool). */
  readonly fenced?: boolean;
  readonly error?: string;
  /** Moves finished so far, of `total`. */
  readonly done: number;
  readonly total: number;
}

export interface RebalanceSummary {
  /** VMs found on the replicas of either list. */
  readonly vms: number;
  /** VMs already on their owner under the new list. */
  readonly stayed: number;
  readonly moved: number;
  readonly resumed: number;
  readonly gone: number;
  readonly planned: number;
  readonly failed: readonly MoveEvent[];
}

interface Move {
  readonly vmId: string;
  readonly from: string;
  readonly to: string;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_ATTEMPTS = 3;
const FENCED_ATTEMPTS = 20;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function rebalance(options: RebalanceOptions): Promise<RebalanceSummary> {
  const { from, to, concurrency, attempts, dryRun, onProgress, spoolDir, ...clientOptions } = options;
  const oldList = resolveReplicas(from);
  const newList = resolveReplicas(to);
  const replicas = new Map<string, ReplicaAddress>();
  for (const r of [...oldList, ...newList]) {
    const seen = replicas.get(r.name);
    if (seen !== undefined && seen.address !== r.address) throw new TypeError(`rebalance: replica ${r.name} has two addresses, ${seen.address} and ${r.address}`);
    replicas.set(r.name, r);
  }
  const clients = new Map([...replicas.values()].map((r) => [r.name, new FlicClient(r.address, clientOptions)]));
  const spool = spoolDir === undefined ? null : new MoveSpool(spoolDir);
  try {
    const recovered = spool === null || dryRun === true ? [] : await recoverSpool(spool, clients, newList.map((r) => r.name));
    const { moves, vms, stayed, failed } = await plan(clients, oldList.map((r) => r.name), newList.map((r) => r.name));
    const counts = { moved: 0, resumed: 0, gone: 0, planned: 0 };
    const failures: MoveEvent[] = [];
    let done = 0;
    const total = recovered.length + moves.length + failed.length;
    const report = (m: Move, outcome: MoveOutcome, copies: number, error?: string, fenced?: boolean): void => {
      const event: MoveEvent = { ...m, outcome, attempts: copies, done: ++done, total, ...(fenced === true ? { fenced } : {}), ...(error === undefined ? {} : { error }) };
      if (outcome === 'failed') failures.push(event);
      else counts[outcome]++;
      onProgress?.(event);
    };
    for (const r of recovered) report(r.move, r.error === undefined ? 'moved' : 'failed', 0, r.error, true);
    for (const f of failed) report(f.move, 'failed', 0, f.error);
    const queue = [...moves];
    const limits = { optimistic: attempts ?? DEFAULT_ATTEMPTS, fenced: FENCED_ATTEMPTS };
    const worker = async (): Promise<void> => {
      for (let m = queue.shift(); m !== undefined; m = queue.shift()) {
        if (dryRun === true) {
          report(m, 'planned', 0);
          continue;
        }
        const result = await moveVm(clients.get(m.from)!, clients.get(m.to)!, m.vmId, limits, spool, m.to);
        report(m, result.outcome, result.attempts, result.error, result.fenced);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency ?? DEFAULT_CONCURRENCY) }, worker));
    return { vms, stayed, ...counts, failed: failures };
  } finally {
    for (const c of clients.values()) c.close();
  }
}

/**
 * Which VMs are where, and which must move: every replica of either list is asked. The copy on a
 * VM's owner under the old list is the one harnesses use; it moves to the owner under the new
 * list, replacing a copy an earlier run may have left there. A VM that its old owner does not hold
 * is moved from the one other replica holding it, or stays on its new owner. Copies anywhere else
 * are strays that no rule can tell apart from the real VM: they are reported and left alone.
 */
async function plan(
  clients: ReadonlyMap<string, FlicClient>,
  oldNames: readonly string[],
  newNames: readonly string[],
): Promise<{ moves: Move[]; vms: number; stayed: number; failed: { move: Move; error: string }[] }> {
  const where = new Map<string, string[]>();
  await Promise.all(
    [...clients].map(async ([name, client]) => {
      let ids: string[];
      try {
        ids = await client.listVms();
      } catch (err) {
        throw new Error(`rebalance: cannot list the VMs of replica ${name}: ${message(err)}`);
      }
      for (const id of ids) where.set(id, [...(where.get(id) ?? []), name]);
    }),
  );
  const moves: Move[] = [];
  const failed: { move: Move; error: string }[] = [];
  let stayed = 0;
  for (const [vmId, holders] of [...where].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const to = pickReplica(newNames, vmId);
    const owner = pickReplica(oldNames, vmId);
    const from = holders.includes(owner) ? owner : holders.length === 1 ? holders[0]! : to;
    const strays = holders.filter((h) => h !== from && h !== to).sort();
    if (strays.length > 0 || (from === to && holders.length > 1)) {
      const others = holders.filter((h) => h !== from).sort();
      failed.push({ move: { vmId, from, to }, error: `also on ${others.join(', ')}, which own it under neither list: resolve by hand` });
    } else if (from === to) stayed++;
    else moves.push({ vmId, from, to });
  }
  return { moves, vms: where.size, stayed, failed };
}

/**
 * Fenced moves an earlier run left half-way: a state in the spool whose VM is on no replica was
 * deleted on its old owner and never imported: it is imported now. A VM found somewhere either
 * arrived (the import happened) or never left (the delete did not): the file goes either way.
 */
async function recoverSpool(
  spool: MoveSpool,
  clients: ReadonlyMap<string, FlicClient>,
  newNames: readonly string[],
): Promise<{ move: Move; error?: string }[]> {
  const out: { move: Move; error?: string }[] = [];
  for (const m of await spool.list()) {
    const holders = await Promise.all([...clients.values()].map((c) => holds(c, m.vmId)));
    if (holders.some(Boolean)) {
      await spool.remove(m.file);
      continue;
    }
    const to = pickReplica(newNames, m.vmId);
    const move = { vmId: m.vmId, from: 'spool', to };
    try {
      await clients.get(to)!.importVm(m.vmId, await spool.read(m));
      await spool.remove(m.file);
      out.push({ move });
    } catch (err) {
      out.push({ move, error: `recovering ${m.file}: ${message(err)}` });
    }
  }
  return out;
}

/** Whether the replica holds the VM (HAS answers ENOENT only when the VM itself is missing). */
export async function holds(client: FlicClient, vmId: string): Promise<boolean> {
  try {
    await client.vm(vmId).hasAttr({ flags: 0, group: 0, attr: 0n, data: new Uint8Array(0), badAddr: false });
  } catch (err) {
    if (isVmMissing(err)) return false;
    if (!(err instanceof KvmError)) throw err;
  }
  return true;
}
