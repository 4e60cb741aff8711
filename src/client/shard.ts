// Which replica holds a VM: rendezvous (highest random weight) hashing, exactly as docs/sharding.md
// specifies it for every client language, plus the two ways a client learns the replica list.
import { createHash } from 'node:crypto';
import { DEFAULT_PORT } from '../proto/wire.js';

/** One replica of a farm: the name the shard function hashes, and where to reach it. */
export interface ReplicaAddress {
  /** Stable identity (the StatefulSet pod name, e.g. `flic-0`). Hashed, so it must never change. */
  readonly name: string;
  /** gRPC target, `host:port` (IPv6 hosts in brackets). */
  readonly address: string;
}

/** A StatefulSet behind a headless Service: pods `<statefulSet>-<i>.<service>[.<namespace>.svc]`. */
export interface StatefulSetTarget {
  readonly statefulSet: string;
  readonly service: string;
  readonly count: number;
  /** Default 50051, the server's default gRPC port. */
  readonly port?: number;
  /** Omitted: the short name, resolved through the pod's DNS search path (same namespace). */
  readonly namespace?: string;
}

/** Anything a ShardedFlicClient can be built from. */
export type ShardTarget =
  | string
  | readonly string[]
  | readonly ReplicaAddress[]
  | StatefulSetTarget;

// The separator cannot occur in a VM id (printable ASCII without spaces), so the hashed string
// names exactly one (replica, VM) pair as long as replica names do not contain it either.
const SEPARATOR = '\n';

/** The score of `vmId` on `replicaName`: the first 8 bytes of SHA-256(name + "\n" + vmId), big-endian. */
export function rendezvousScore(replicaName: string, vmId: string): bigint {
  return createHash('sha256')
    .update(replicaName + SEPARATOR + vmId, 'utf8')
    .digest()
    .readBigUInt64BE(0);
}

/**
 * Orders two scored candidates, best first: the higher score wins; on equal scores the name that
 * is smaller bytewise in UTF-8 wins (JavaScript's `<` compares UTF-16 units, which differs above
 * U+FFFF, so it is not used).
 */
export function compareCandidates(
  a: { readonly name: string; readonly score: bigint },
  b: { readonly name: string; readonly score: bigint },
): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  return Buffer.compare(Buffer.from(a.name, 'utf8'), Buffer.from(b.name, 'utf8'));
}

/** Every replica name in order of preference for `vmId` (the first one holds the VM). */
export function rankReplicas(replicaNames: readonly string[], vmId: string): string[] {
  checkReplicaNames(replicaNames);
  return replicaNames
    .map((name) => ({ name, score: rendezvousScore(name, vmId) }))
    .sort(compareCandidates)
    .map((c) => c.name);
}

/** The replica that holds `vmId`. */
export function pickReplica(replicaNames: readonly string[], vmId: string): string {
  checkReplicaNames(replicaNames);
  const first = replicaNames[0] ?? '';
  let best = { name: first, score: rendezvousScore(first, vmId) };
  for (const name of replicaNames.slice(1)) {
    const candidate = { name, score: rendezvousScore(name, vmId) };
    if (compareCandidates(candidate, best) < 0) best = candidate;
  }
  return best.name;
}

/** Throws TypeError unless the names are a non-empty list of distinct, valid replica names. */
export function checkReplicaNames(replicaNames: readonly string[]): void {
  if (replicaNames.length === 0) throw new TypeError('shard: the replica list is empty');
  const seen = new Set<string>();
  for (const name of replicaNames) {
    if (name.length === 0 || name.includes(SEPARATOR)) {
      throw new TypeError(`shard: invalid replica name ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new TypeError(`shard: duplicate replica name ${JSON.stringify(name)}`);
    seen.add(name);
  }
}

// name=host:port; the name excludes the list syntax, the host is a DNS name, IPv4 or [IPv6].
const ENTRY = /^([^=,\s]+)=((?:\[[0-9A-Fa-f:.]+\]|[^\s:=,[\]]+):(\d{1,5}))$/;

// RFC 1123 label, as Kubernetes requires for these names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Parses `name=host:port` entries, given as one comma-separated string or as a list. */
export function parseReplicaList(spec: string | readonly string[]): ReplicaAddress[] {
  const entries = typeof spec === 'string' ? spec.split(',') : spec;
  const replicas = entries
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((entry) => {
      const m = ENTRY.exec(entry);
      const port = m === null ? NaN : Number(m[3]);
      if (m === null || !(port >= 1 && port <= 65535)) {
        throw new TypeError(`shard: expected name=host:port, got ${JSON.stringify(entry)}`);
      }
      return { name: m[1] as string, address: m[2] as string };
    });
  checkReplicaNames(replicas.map((r) => r.name));
  return replicas;
}

/** The pods of a StatefulSet, named as Kubernetes names them and addressed through the Service. */
export function statefulSetReplicas(target: StatefulSetTarget): ReplicaAddress[] {
  const { statefulSet, service, count, namespace } = target;
  const port = target.port ?? DEFAULT_PORT;
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(`shard: replica count must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`shard: invalid port ${port}`);
  }
  for (const [what, value] of [['statefulSet', statefulSet], ['service', service], ['namespace', namespace]] as const) {
    if (value !== undefined && !DNS_LABEL.test(value)) {
      throw new TypeError(`shard: ${what} must be a DNS label, got ${JSON.stringify(value)}`);
    }
  }
  const domain = namespace === undefined ? service : `${service}.${namespace}.svc`;
  return Array.from({ length: count }, (_, i) => ({
    name: `${statefulSet}-${i}`,
    address: `${statefulSet}-${i}.${domain}:${port}`,
  }));
}

/** The replica list of any ShardTarget, validated. */
export function resolveReplicas(target: ShardTarget): ReplicaAddress[] {
  if (typeof target === 'string') return parseReplicaList(target);
  if (isStatefulSetTarget(target)) return statefulSetReplicas(target);
  if (target.every((t): t is string => typeof t === 'string')) return parseReplicaList(target);
  const replicas = (target as readonly ReplicaAddress[]).map((r) => ({ name: r.name, address: r.address }));
  checkReplicaNames(replicas.map((r) => r.name));
  return replicas;
}

function isStatefulSetTarget(target: ShardTarget): target is StatefulSetTarget {
  return typeof target === 'object' && !Array.isArray(target) && 'statefulSet' in target;
}
