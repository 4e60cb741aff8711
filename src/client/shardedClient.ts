// A FlicHost over a farm of flic servers: each VM lives on the one replica that rendezvous hashing
// picks (docs/sharding.md). It is used exactly like FlicClient, so a harness switches between one
// server and a farm by construction only. While the replica list changes, it can be given the old
// list too (`from`): a VM whose owner changes is then looked for on its old owner first and on its
// new one once the move deleted it there (movingVm.ts), so calls keep working during a rebalance.

import { OP_VM } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type { FlicHost, StateFormat, VmConfig } from '../device/types.js';
import { FlicClient, type DeleteVmOptions, type FlicClientOptions } from './flicClient.js';
import { DEFAULT_TRANSIT_MS, MovingVm, isVmMissing, routeMoving, type ShardedVm } from './movingVm.js';
import { pickReplica, resolveReplicas, type ReplicaAddress, type ShardTarget } from './shard.js';

export interface ShardedFlicClientOptions extends FlicClientOptions {
  /** During a move: the replica list VMs are moving from (the target is the list moved to). */
  readonly from?: ShardTarget;
  /** During a move: how long a call waits for a VM on neither owner (in transit). Default 3 s. */
  readonly transitMs?: number;
}

const EMPTY = new Uint8Array(0);

/** Both lists as one set of replicas; a name in both must have one address. */
function unionOf(...lists: (readonly ReplicaAddress[])[]): ReplicaAddress[] {
  const byName = new Map<string, ReplicaAddress>();
  for (const r of lists.flat()) {
    const seen = byName.get(r.name);
    if (seen !== undefined && seen.address !== r.address) {
      throw new TypeError(`shard: replica ${JSON.stringify(r.name)} has two addresses, ${seen.address} and ${r.address}`);
    }
    byName.set(r.name, r);
  }
  return [...byName.values()];
}

export class ShardedFlicClient implements FlicHost {
  /** The replicas, in the order given. Their names are what the shard function hashes. */
  readonly replicas: readonly ReplicaAddress[];
  /** During a move: the replicas VMs are moving from; null otherwise. */
  readonly previous: readonly ReplicaAddress[] | null;
  private readonly names: readonly string[];
  private readonly previousNames: readonly string[] | null;
  // One client per replica of either list, made up front: grpc-js channels connect only on the
  // first call, so idle replicas cost nothing, and close() has a fixed set to close.
  private readonly clients: ReadonlyMap<string, FlicClient>;
  private readonly transitMs: number;

  /**
   * @param target `name=host:port` entries (one comma-separated string or a list), replica
   *   objects, or a StatefulSet behind a headless Service (`{statefulSet, service, count, port?,
   *   namespace?}`).
   * @param options passed to the FlicClient of every replica; `from` during a move.
   */
  constructor(target: ShardTarget, options: ShardedFlicClientOptions = {}) {
    const { from, transitMs, ...clientOptions } = options;
    this.transitMs = transitMs ?? DEFAULT_TRANSIT_MS;
    this.replicas = resolveReplicas(target);
    this.names = this.replicas.map((r) => r.name);
    this.previous = from === undefined ? null : resolveReplicas(from);
    this.previousNames = this.previous?.map((r) => r.name) ?? null;
    const all = unionOf(this.replicas, this.previous ?? []);
    this.clients = new Map(all.map((r) => [r.name, new FlicClient(r.address, clientOptions)]));
  }

  /** The replica that holds `vmId` (during a move: once it has moved). */
  replicaFor(vmId: string): ReplicaAddress {
    const name = pickReplica(this.names, vmId);
    return this.replicas.find((r) => r.name === name) as ReplicaAddress;
  }

  /** The plain client of one replica, by name (for per-replica calls such as its own ListVms). */
  replica(name: string): FlicClient {
    const client = this.clients.get(name);
    if (client === undefined) throw new TypeError(`shard: no replica named ${JSON.stringify(name)}`);
    return client;
  }

  /** During a move, a VM that has not moved yet exists on its old owner: EEXIST there too. */
  async createVm(vmId: string, config: Partial<VmConfig> = {}): Promise<void> {
    await this.requireNotOnOldOwner(vmId);
    await this.clientFor(vmId).createVm(vmId, config);
  }

  /**
   * During a move, the VM goes from both owners; when neither holds it, it may be in transit
   * (deleted on the old owner, not yet imported): the delete waits for it as a call would.
   */
  async deleteVm(vmId: string, options: DeleteVmOptions = {}): Promise<void> {
    const old = this.oldOwner(vmId);
    const owner = this.clientFor(vmId);
    if (old === null) {
      await owner.deleteVm(vmId, options);
      return;
    }
    let deleted = false;
    for (const client of [old, owner]) {
      try {
        await client.deleteVm(vmId, options);
        deleted = true;
      } catch (err) {
        if (!isVmMissing(err)) throw err;
      }
    }
    if (!deleted) await routeMoving(old, owner, (c) => c.deleteVm(vmId, options), this.transitMs);
  }

  /**
   * Every VM of the farm, sorted and without duplicates (a VM id can exist on two replicas after
   * the replica list changed). Fails if any replica fails: a partial list would look complete.
   */
  async listVms(): Promise<string[]> {
    const lists = await Promise.all([...this.clients.values()].map((c) => c.listVms()));
    return [...new Set(lists.flat())].sort();
  }

  async exportVm(vmId: string, format: StateFormat = 'flic'): Promise<Uint8Array> {
    return this.route(vmId, (c) => c.exportVm(vmId, format));
  }

  /** 'flic' creates the VM (as createVm does); 'qemu' loads into it wherever it is now. */
  async importVm(vmId: string, state: Uint8Array, format: StateFormat = 'flic'): Promise<void> {
    if (format === 'qemu') {
      await this.route(vmId, (c) => c.importVm(vmId, state, format));
      return;
    }
    await this.requireNotOnOldOwner(vmId);
    await this.clientFor(vmId).importVm(vmId, state, format);
  }

  /** The old owner first while it holds the VM (as MovingVm routes), then the owner. */
  private route<T>(vmId: string, call: (client: FlicClient) => Promise<T>): Promise<T> {
    const old = this.oldOwner(vmId);
    return old === null ? call(this.clientFor(vmId)) : routeMoving(old, this.clientFor(vmId), call, this.transitMs);
  }

  /** The FLIC API of one VM, on its replica (no call is made until a method is used). */
  vm(vmId: string): ShardedVm {
    const old = this.oldOwner(vmId);
    const owner = this.clientFor(vmId).vm(vmId);
    return old === null ? owner : new MovingVm(old.vm(vmId), owner, this.transitMs);
  }

  /** Resolves once every replica's channel is connected (or rejects at the deadline). */
  async waitForReady(deadline: Date | number): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.waitForReady(deadline)));
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }

  private clientFor(vmId: string): FlicClient {
    return this.replica(pickReplica(this.names, vmId));
  }

  /** During a move, the client of the VM's old owner when it differs from the new one; else null. */
  private oldOwner(vmId: string): FlicClient | null {
    if (this.previousNames === null) return null;
    const old = pickReplica(this.previousNames, vmId);
    return old === pickReplica(this.names, vmId) ? null : this.replica(old);
  }

  private async requireNotOnOldOwner(vmId: string): Promise<void> {
    const old = this.oldOwner(vmId);
    if (old === null) return;
    try {
      // HAS answers ENOENT only when the VM itself is missing (ENODEV, ENXIO, EPERM: it exists).
      await old.vm(vmId).hasAttr({ flags: 0, group: 0, attr: 0n, data: EMPTY, badAddr: false });
    } catch (err) {
      if (isVmMissing(err)) return;
      if (!(err instanceof KvmError)) throw err;
    }
    throw new KvmError('EEXIST', OP_VM, `VM ${vmId} already exists (on its old owner, not moved yet)`);
  }
}
