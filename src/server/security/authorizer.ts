// The authorization decision of every call, made in the call gate (callGate.ts) from what it
// already holds: at the call's headers, who the caller is (a bearer token, else the verified
// client certificate); at its decoded request, whether that caller may make this call on this VM,
// and whether its quota allows it. A refusal carries the status the gate sends. The rules can be
// replaced while the server runs (authzReloader.ts); a call in flight keeps its decision.

import { Metadata, status as GrpcStatus, type ServerInterceptingCallInterface } from '@grpc/grpc-js';
import { KvmError } from '../../device/errno.js';
import type { FlicRequestRoute } from '../../proto/flicRequests.js';
import { callSession } from '../grpcInternals.js';
import type { RequestRefusal } from '../requestDecompression.js';
import { plainStatus, refusalStatus } from '../status.js';
import { grants, isPublicPath, pathTrick, type AuthzPolicy, type Principal } from './authzPolicy.js';
import { bearerToken, certificateKeys } from './callerIdentity.js';
import { QuotaLedger, type PendingCount, type QuotaTicket } from './quotaLedger.js';
import { accessOf, createsOf, ruleOf } from './rpcAccess.js';

/** A refusal by authorization: its status and its reason (one of hooks.ts's closed set). */
export type SecurityRefusal = RequestRefusal;

/**
 * The device's own ENOMEM, found before the quota is consulted: the process-wide pending budget
 * applies before any quota, so a call past both fails as the device would fail it, not ENOSPC.
 */
export interface BudgetRefusal {
  readonly deviceError: KvmError;
  readonly vmId: string;
}

/** Throws the device's ENOMEM unless `vmId` has room for `records` more records (nothing if no such VM). */
export type RoomCheck = (vmId: string, records: number, group: string) => void;

/** The caller of an admitted call: its principal, or null on a public service without identity. */
export type Caller = Principal | null;

/**
 * Set by the gate on a ListVms request: which VM ids its caller may see. A symbol, so nothing on
 * the wire can set it.
 */
export const VISIBLE_VMS = Symbol('flic visible VMs');

interface ListRequest {
  [VISIBLE_VMS]?: (vmId: string) => boolean;
}

/** The VM ids a ListVms request's caller may see (all of them without authorization). */
export function visibleVmIds(request: object, ids: string[]): string[] {
  const visible = (request as ListRequest)[VISIBLE_VMS];
  return visible === undefined ? ids : ids.filter(visible);
}

function unauthenticated(detail: string): SecurityRefusal {
  return { reason: 'unauthenticated', status: plainStatus(GrpcStatus.UNAUTHENTICATED, detail) };
}

function denied(group: string, detail: string): SecurityRefusal {
  return { reason: 'permission_denied', status: refusalStatus(new KvmError('EACCES', group, detail)) };
}

/** The RPC's name as ErrorInfo's group: `Enqueue`, or `grpc.health.v1.Health/Check` for the others. */
function groupOf(path: string, route: FlicRequestRoute | undefined): string {
  return route?.method ?? path.slice(1);
}

function describeGrants(p: Principal): string {
  return p.prefixes.map((x) => `"${x}"`).join(', ');
}

export class Authorizer {
  readonly ledger: QuotaLedger;
  /** Each connection's client-certificate names (null: none), read once per connection. */
  private readonly certificateNames = new WeakMap<object, readonly string[] | null>();

  constructor(
    private policy: AuthzPolicy,
    pendingOf: PendingCount,
    private readonly roomFor: RoomCheck = () => undefined,
  ) {
    this.ledger = new QuotaLedger(pendingOf, (name) => this.policy.principals.find((p) => p.name === name)?.quota);
  }

  get rules(): AuthzPolicy {
    return this.policy;
  }

  /** New rules for calls from now on (a reload). Quota usage is kept by principal name. */
  replace(policy: AuthzPolicy): void {
    this.policy = policy;
  }

  /**
   * Who the caller is, from its headers: its principal, null for a public service (no identity
   * needed), or a refusal. A bearer token, when the call has one, is the identity (so a proxy with
   * a certificate of its own can forward its clients' tokens); else the client certificate.
   */
  authenticate(
    path: string,
    route: FlicRequestRoute | undefined,
    metadata: Metadata,
    call: ServerInterceptingCallInterface,
  ): Caller | SecurityRefusal {
    const policy = this.policy;
    if (route === undefined && isPublicPath(policy, path)) return null;
    const token = bearerToken(metadata);
    if (token.kind === 'invalid') return unauthenticated(token.why);
    if (token.kind === 'token') {
      return policy.identities.get(token.key) ?? unauthenticated('the bearer token is not one of the authorization file');
    }
    const keys = this.certificateNamesOf(call);
    if (keys === null) return unauthenticated('no identity: this call needs a client certificate or a bearer token');
    const found = new Set<Principal>();
    for (const key of keys) {
      const p = policy.identities.get(key);
      if (p !== undefined) found.add(p);
    }
    const [first, second] = found;
    if (first === undefined) {
      return denied(groupOf(path, route), `the client certificate (${keys.join(', ') || 'no names'}) names no principal of the authorization file`);
    }
    if (second !== undefined) {
      return denied(groupOf(path, route), `the client certificate names more than one principal (${[...found].map((p) => p.name).join(', ')})`);
    }
    return first;
  }

  /** The identity keys of the call's verified client certificate, or null without one. */
  private certificateNamesOf(call: ServerInterceptingCallInterface): readonly string[] | null {
    const session = callSession(call);
    const known = session === undefined ? undefined : this.certificateNames.get(session);
    if (known !== undefined) return known;
    const cert = call.getAuthContext().sslPeerCertificate;
    const keys = cert === undefined ? null : certificateKeys(cert);
    if (session !== undefined) this.certificateNames.set(session, keys);
    return keys;
  }

  /**
   * Whether `caller` may make this flic.v1 call: a refusal, a ticket the gate hands back to
   * finish() when the call ends, or null (nothing to settle).
   */
  authorize(route: FlicRequestRoute, caller: Caller | undefined, request: unknown): SecurityRefusal | BudgetRefusal | QuotaTicket | null {
    // Only services other than flic.v1 admit a caller without identity; refuse rather than trust.
    if (caller == null) return unauthenticated('no identity');
    const rule = ruleOf(route.method);
    const group = route.method;
    if (rule.lists === true) {
      if (!caller.admin) (request as ListRequest)[VISIBLE_VMS] = (id) => grants(caller, id);
      return null;
    }
    const vmId = rule.vmIdOf === undefined ? (request as { readonly vmId: string }).vmId : rule.vmIdOf(request);
    const access = accessOf(rule, request);
    if (access === 'write' && caller.readOnly) return denied(group, `${caller.name} has read-only access, and ${group} changes the VM`);
    const trick = pathTrick(vmId, false);
    if (trick !== null) return denied(group, `VM id "${vmId}" has ${trick}, which authorization refuses (docs/security.md)`);
    if (!grants(caller, vmId)) return denied(group, `${caller.name} may not reach VM "${vmId}" (its grants: ${describeGrants(caller)})`);
    if (access === 'read') return null;
    const adds = rule.adds === undefined ? 0 : rule.adds(request);
    try {
      if (adds > 0) this.roomFor(vmId, adds, group);
    } catch (err) {
      if (err instanceof KvmError) return { deviceError: err, vmId };
      throw err;
    }
    try {
      return this.ledger.admit(caller, { method: group, vmId, creates: createsOf(rule, request), adds });
    } catch (err) {
      if (err instanceof KvmError) return { reason: 'quota', status: refusalStatus(err) };
      throw err;
    }
  }

  /**
   * Gives each VM that nobody owns (restored at start: ownership is not part of a VM's state) to
   * the one principal that may change it and is not an admin, so that its quota counts the VM
   * again. A VM that no such principal, or several, may reach stays unowned. Returns how many VMs
   * were adopted and how many stayed unowned.
   */
  adoptUnowned(vmIds: Iterable<string>): { adopted: number; unowned: number } {
    const candidates = this.policy.principals.filter((p) => !p.admin && !p.readOnly);
    let adopted = 0;
    let unowned = 0;
    for (const vmId of vmIds) {
      if (this.ledger.ownerOf(vmId) !== undefined) continue;
      const reaching = candidates.filter((p) => grants(p, vmId));
      if (reaching.length === 1 && this.ledger.adopt(vmId, reaching[0]!.name)) adopted++;
      else unowned++;
    }
    return { adopted, unowned };
  }

  /**
   * A call admitted with a ticket ended with `code`. A cancelled call or a passed deadline may
   * still have run (the device runs a call whole once its request arrived).
   */
  finish(ticket: QuotaTicket, code: number): void {
    this.ledger.finish(ticket, code === GrpcStatus.OK || code === GrpcStatus.CANCELLED || code === GrpcStatus.DEADLINE_EXCEEDED);
  }
}
