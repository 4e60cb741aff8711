// The authorization file (--authz-file): YAML or JSON (JSON is YAML), read strictly into an
// AuthzPolicy. Every key is known (a misspelt `readOnly` must not leave a grant writable), every
// value checked, and a mistake is reported with its place in the file. The `yaml` package parses:
// a hand-written subset would read some files differently from the tools that wrote them, which in
// an authorization file is a security bug (docs/security.md).

import { isIP } from 'node:net';
import { parse } from 'yaml';
import { VM_ID_MAX_LENGTH } from '../../device/vmRegistry.js';
import {
  IDENTITY_KINDS,
  PUBLIC_SERVICES,
  identityKey,
  pathTrick,
  type AuthzPolicy,
  type IdentityKind,
  type Principal,
  type PublicService,
  type Quota,
} from './authzPolicy.js';

/** The only version of the format so far. */
export const AUTHZ_FILE_VERSION = 1;
/** A larger file is surely not an authorization file. */
export const MAX_AUTHZ_FILE_BYTES = 1024 * 1024;
const MAX_PRINCIPALS = 10_000;
const MAX_IDENTITY_CHARS = 1024;
const PRINCIPAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Printable ASCII without space: what a VM id may contain (validateVmId). */
const VM_ID_CHARS = /^[\x21-\x7e]+$/;
/** Certificate names may hold any character but a control character. */
const CONTROL = /[\x00-\x1f\x7f]/;

/** A file that cannot be used, with the place of the first mistake. */
export class AuthzFileError extends Error {
  constructor(readonly where: string, detail: string) {
    super(where === '' ? detail : `${where}: ${detail}`);
    this.name = 'AuthzFileError';
  }
}

type Node = unknown;

function isMap(x: Node): x is Record<string, Node> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fields(node: Node, where: string, known: readonly string[]): Record<string, Node> {
  if (!isMap(node)) throw new AuthzFileError(where, 'expected a mapping');
  for (const key of Object.keys(node)) {
    if (!known.includes(key)) throw new AuthzFileError(where, `unknown key "${key}" (known: ${known.join(', ')})`);
  }
  return node;
}

function list(node: Node, where: string): readonly Node[] {
  if (!Array.isArray(node)) throw new AuthzFileError(where, 'expected a list');
  return node;
}

function count(node: Node, where: string): number {
  if (typeof node !== 'number' || !Number.isSafeInteger(node) || node < 0) {
    throw new AuthzFileError(where, 'expected a whole number, 0 or more');
  }
  return node;
}

function flag(node: Node, where: string): boolean {
  if (typeof node !== 'boolean') throw new AuthzFileError(where, 'expected true or false');
  return node;
}

function identity(node: Node, where: string): string {
  if (typeof node !== 'string') throw new AuthzFileError(where, 'expected "kind:value"');
  const colon = node.indexOf(':');
  const kind = node.slice(0, colon) as IdentityKind;
  let value = node.slice(colon + 1);
  if (colon < 0 || !IDENTITY_KINDS.includes(kind)) {
    throw new AuthzFileError(where, `"${node}" does not start with a kind (${IDENTITY_KINDS.join(', ')}) and a colon`);
  }
  if (value.length === 0 || value.length > MAX_IDENTITY_CHARS || CONTROL.test(value)) {
    throw new AuthzFileError(where, `the ${kind} must be 1 to ${MAX_IDENTITY_CHARS} characters without control characters`);
  }
  if (kind === 'sha256') {
    value = value.toLowerCase();
    if (!SHA256_HEX.test(value)) throw new AuthzFileError(where, 'a token is stored as its SHA-256: 64 hex digits');
  }
  if (kind === 'ip' && isIP(value) === 0) throw new AuthzFileError(where, `"${value}" is not an IP address`);
  return identityKey(kind, value);
}

/** A grant prefix, refused unless it can only match the ids it says (docs/security.md). */
function prefix(node: Node, where: string): string {
  if (typeof node !== 'string' || node.length === 0) throw new AuthzFileError(where, 'expected a non-empty VM-id prefix (use admin: true for every VM)');
  if (node.length > VM_ID_MAX_LENGTH) throw new AuthzFileError(where, `a VM id has at most ${VM_ID_MAX_LENGTH} characters`);
  if (!VM_ID_CHARS.test(node)) throw new AuthzFileError(where, `"${node}": a VM id is printable ASCII without spaces`);
  const trick = pathTrick(node, true);
  if (trick !== null) throw new AuthzFileError(where, `"${node}" has ${trick}; VM ids with one are refused under authorization`);
  return node;
}

function quota(node: Node, where: string): Quota {
  if (node === undefined) return { vms: null, pendingInterrupts: null };
  const q = fields(node, where, ['vms', 'pendingInterrupts']);
  return {
    vms: q.vms === undefined ? null : count(q.vms, `${where}.vms`),
    pendingInterrupts: q.pendingInterrupts === undefined ? null : count(q.pendingInterrupts, `${where}.pendingInterrupts`),
  };
}

interface Entry {
  readonly principal: Principal;
  /** The identity keys that name it. */
  readonly keys: readonly string[];
}

function entry(node: Node, where: string, seen: Map<string, string>): Entry {
  const p = fields(node, where, ['name', 'identities', 'vms', 'readOnly', 'admin', 'quota']);
  if (typeof p.name !== 'string' || !PRINCIPAL_NAME.test(p.name)) {
    throw new AuthzFileError(`${where}.name`, 'expected a name of 1 to 64 letters, digits, ".", "_" or "-"');
  }
  const name = p.name;
  const admin = p.admin === undefined ? false : flag(p.admin, `${where}.admin`);
  if (admin && p.vms !== undefined) throw new AuthzFileError(`${where}.vms`, 'an admin reaches every VM: leave vms out');
  if (!admin && p.vms === undefined) throw new AuthzFileError(where, 'a principal needs vms (VM-id prefixes) or admin: true');
  const prefixes = admin ? [] : list(p.vms, `${where}.vms`).map((v, i) => prefix(v, `${where}.vms[${i}]`));
  if (!admin && prefixes.length === 0) throw new AuthzFileError(`${where}.vms`, 'grants nothing (use readOnly or remove the principal)');
  const ids = list(p.identities, `${where}.identities`);
  if (ids.length === 0) throw new AuthzFileError(`${where}.identities`, 'names no identity');
  const keys = ids.map((id, i) => {
    const key = identity(id, `${where}.identities[${i}]`);
    const other = seen.get(key);
    if (other !== undefined) throw new AuthzFileError(`${where}.identities[${i}]`, `"${key}" already names ${other}`);
    seen.set(key, name);
    return key;
  });
  const principal: Principal = {
    name,
    admin,
    readOnly: p.readOnly === undefined ? false : flag(p.readOnly, `${where}.readOnly`),
    prefixes,
    quota: quota(p.quota, `${where}.quota`),
  };
  return { principal, keys };
}

function publicServices(node: Node): ReadonlySet<PublicService> {
  if (node === undefined) return new Set(PUBLIC_SERVICES);
  return new Set(
    list(node, 'unauthenticated').map((s, i) => {
      if (typeof s !== 'string' || !PUBLIC_SERVICES.includes(s as PublicService)) {
        throw new AuthzFileError(`unauthenticated[${i}]`, `expected one of ${PUBLIC_SERVICES.join(', ')}`);
      }
      return s as PublicService;
    }),
  );
}

/** Reads an authorization file's text; throws AuthzFileError naming the first mistake. */
export function parseAuthzFile(text: string): AuthzPolicy {
  if (Buffer.byteLength(text) > MAX_AUTHZ_FILE_BYTES) throw new AuthzFileError('', `larger than ${MAX_AUTHZ_FILE_BYTES} bytes`);
  let doc: Node;
  try {
    // YAML 1.2's core schema (no `yes` for true), no duplicate keys, no aliases or merge keys.
    doc = parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: 0, merge: false, strict: true, prettyErrors: false });
  } catch (err) {
    throw new AuthzFileError('', `not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const top = fields(doc, '', ['version', 'unauthenticated', 'principals']);
  if (top.version !== AUTHZ_FILE_VERSION) throw new AuthzFileError('version', `expected ${AUTHZ_FILE_VERSION}`);
  const items = list(top.principals, 'principals');
  if (items.length > MAX_PRINCIPALS) throw new AuthzFileError('principals', `more than ${MAX_PRINCIPALS}`);
  const seen = new Map<string, string>();
  const names = new Set<string>();
  const identities = new Map<string, Principal>();
  const principals = items.map((item, i) => {
    const where = `principals[${i}]`;
    const { principal: p, keys } = entry(item, where, seen);
    if (names.has(p.name)) throw new AuthzFileError(`${where}.name`, `"${p.name}" is used twice`);
    names.add(p.name);
    for (const key of keys) identities.set(key, p);
    return p;
  });
  return {
    principals,
    identities,
    publicServices: publicServices(top.unauthenticated),
    hasTokens: [...identities.keys()].some((k) => k.startsWith('sha256:')),
  };
}
