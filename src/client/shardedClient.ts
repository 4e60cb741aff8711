// A FlicHost over a farm of flic servers: each VM lives on the one replica that rendezvous hashing
// picks (docs/sharding.md). It is used exactly like FlicClient, so a harness switches between one
// server and a farm by construction only.

import type { FlicHost, StateFormat, VmConfig } from '../device/types.js';
import { FlicClient, type FlicClientOptions } from './flicClient.js';
import type { RemoteVm } from './remoteVm.js';
import { pickReplica, resolveReplicas, type ReplicaAddress, type ShardTarget } from './shard.js';

export class ShardedFlicClient implements FlicHost {
  /** The replicas, in the order given. Their names are what the shard function hashes. */
  readonly replicas: readonly ReplicaAddress[];
  private readonly names: readonly string[];
  // One client per replica, made up front: grpc-js channels connect only on the first call, so
  // idle replicas cost nothing, and close() has a fixed set to close.
  private readonly clients: ReadonlyMap<string, FlicClient>;

  /**
   * @param target `name=host:port` entries (one comma-separated string or a list), replica
   *   objects, or a StatefulSet behind a headless Service (`{statefulSet, service, count, port?,
   *   namespace?}`).
   * @param options passed to the FlicClient of every replica.
   */
  constructor(target: ShardTarget, options: FlicClientOptions = {}) {
    this.replicas = resolveReplicas(target);
    this.names = this.replicas.map((r) => r.name);
    this.clients = new Map(this.replicas.map((r) => [r.name, new FlicClient(r.address, options)]));
  }

  /** The replica that holds `vmId`. */
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

  async createVm(vmId: string, config: Partial<VmConfig> = {}): Promise<void> {
    await this.clientFor(vmId).createVm(vmId, config);
  }

  async deleteVm(vmId: string): Promise<void> {
    await this.clientFor(vmId).deleteVm(vmId);
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
    return this.clientFor(vmId).exportVm(vmId, format);
  }

  async importVm(vmId: string, state: Uint8Array, format: StateFormat = 'flic'): Promise<void> {
    await this.clientFor(vmId).importVm(vmId, state, format);
  }

  /** The FLIC API of one VM, on its replica (no call is made until a method is used). */
  vm(vmId: string): RemoteVm {
    return this.clientFor(vmId).vm(vmId);
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
}
