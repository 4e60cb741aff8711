// What an authorization file (--authz-file) grants, as the server checks it: principals, the
// identities that name them, the VM-id prefixes each may reach, read-only or not, admin or not,
// and their quotas. authzFile.ts builds one from the file's text; nothing here does I/O.

/** The kinds of identity a principal can be named by (docs/security.md, "The authz file"). */
export const IDENTITY_KINDS = ['cn', 'dns', 'uri', 'email', 'ip', 'sha256'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** The services besides flic.v1.Flic that may be called without an identity. */
export const PUBLIC_SERVICES = ['health', 'reflection'] as const;
export type PublicService = (typeof PUBLIC_SERVICES)[number];

/** gRPC service names of the public services. */
export const PUBLIC_SERVICE_PREFIXES: { readonly [S in PublicService]: readonly string[] } = {
  health: ['/grpc.health.v1.Health/'],
  reflection: ['/grpc.reflection.v1.ServerReflection/', '/grpc.reflection.v1alpha.ServerReflection/'],
};

export interface Quota {
  /** VMs the principal may hold (created by it and not deleted); null: no quota. */
  readonly vms: number | null;
  /** Pending interrupts its VMs may hold together; null: no quota. */
  readonly pendingInterrupts: number | null;
}

export interface Principal {
  /** Its name in the file: the key of its quota usage and what the logs show. */
  readonly name: string;
  /** Every VM, ListVms unfiltered. */
  readonly admin: boolean;
  /** Only the RPCs that change nothing (rpcAccess.ts). */
  readonly readOnly: boolean;
  /** VM-id prefixes, matched byte for byte (empty for an admin). */
  readonly prefixes: readonly string[];
  readonly quota: Quota;
}

export interface AuthzPolicy {
  readonly principals: readonly Principal[];
  /** `kind:value` (for tokens `sha256:<hex>`) → its principal. */
  readonly identities: ReadonlyMap<string, Principal>;
  readonly publicServices: ReadonlySet<PublicService>;
  /** Whether any identity is a token (the start log warns when tokens would travel in clear). */
  readonly hasTokens: boolean;
}

/** An identity's key in AuthzPolicy.identities. */
export function identityKey(kind: IdentityKind, value: string): string {
  return `${kind}:${value}`;
}

/** Whether `principal` may reach the VM `vmId` at all (read or write). */
export function grants(principal: Principal, vmId: string): boolean {
  if (principal.admin) return true;
  for (const prefix of principal.prefixes) if (vmId.startsWith(prefix)) return true;
  return false;
}

/** Whether a call on `path` (a service other than flic.v1.Flic) needs no identity. */
export function isPublicPath(policy: AuthzPolicy, path: string): boolean {
  for (const service of policy.publicServices) {
    for (const prefix of PUBLIC_SERVICE_PREFIXES[service]) if (path.startsWith(prefix)) return true;
  }
  return false;
}

/** `%2e` → `.`, repeated while anything changes (`%252e` is `%2e` once decoded); ASCII only. */
function percentDecoded(id: string): string {
  let out = id;
  for (;;) {
    const next = out.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === out) return out;
    out = next;
  }
}

/**
 * A VM id or grant prefix that a tool reading ids as paths or URLs would normalise into another:
 * a `.` or `..` segment or an empty one, between `/` or `\`, also once percent-decoded
 * (`team-a/../team-b/x`, `team-a/%2e%2e/team-b/x` are `team-b/x` to such a tool). Such ids are
 * refused under authorization, and such prefixes in the authz file. Returns what was found, or null.
 */
export function pathTrick(id: string, allowTrailingSeparator: boolean): string | null {
  const decoded = percentDecoded(id);
  const segments = decoded.split(/[/\\]/);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s === '.' || s === '..') return `a "${s}" segment${decoded === id ? '' : ' once percent-decoded'}`;
    if (s === '' && !(allowTrailingSeparator && i === segments.length - 1 && i > 0)) return 'an empty segment';
  }
  return null;
}
