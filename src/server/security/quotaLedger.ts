// Per-principal quotas: the VMs a principal holds (those it created and that still exist) and the
// pending interrupts those VMs hold together. A call is admitted before the device runs it: a
// creation needs a VM left, and a call that can add interrupts needs room for the most it can add
// (as the process's pending budget does, so a refused call takes nothing). What was reserved is
// given back when the call ends, and the VM's real count is read then (O(1), from its depths).
// Every change to a VM's queues comes from a call on that VM, so settling at the end of each
// call that may change them keeps the sums exact; concurrent calls see each other's reservations.
// The process-wide pending budget (issue 11) bounds the process whatever the quotas add up to.

import { KvmError } from '../../device/errno.js';
import type { Principal, Quota } from './authzPolicy.js';

/** ErrorInfo metadata of a refusal by a quota (docs/errors.md). */
export const QUOTA_METADATA = {
  quotaVms: 'quotaVms',
  vmsHeld: 'vmsHeld',
  quotaPendingInterrupts: 'quotaPendingInterrupts',
  pendingInterruptsHeld: 'pendingInterruptsHeld',
  pendingInterruptsRequested: 'pendingInterruptsRequested',
} as const;

/** The pending records of a VM now, or null when there is no such VM. */
export type PendingCount = (vmId: string) => number | null;

/** What one principal holds, reservations of calls in flight included (opaque outside the ledger). */
export class Usage {
  vms = 0;
  reservedVms = 0;
  pending = 0;
  reservedPending = 0;
  constructor(readonly name: string) {}
}

interface Owned {
  readonly usage: Usage;
  /** The VM's pending records as last counted into usage.pending. */
  pending: number;
}

/** What a call admitted by the ledger must tell it when it ends (finish). */
export interface QuotaTicket {
  readonly vmId: string;
  readonly usage: Usage | null;
  readonly creates: boolean;
  readonly reservedVms: number;
  readonly reservedPending: number;
}

export interface QuotaCall {
  readonly method: string;
  readonly vmId: string;
  readonly creates: boolean;
  /** The most pending interrupts the call can add. */
  readonly adds: number;
}

export class QuotaLedger {
  private readonly usage = new Map<string, Usage>();
  private readonly owned = new Map<string, Owned>();

  constructor(
    private readonly pendingOf: PendingCount,
    /** The quota of a principal by name, under the rules in force now (undefined: none). */
    private readonly quotaOf: (name: string) => Quota | undefined,
  ) {}

  /** Reserves what `call` may need; throws ENOSPC (group: the RPC) past a quota. */
  admit(caller: Principal, call: QuotaCall): QuotaTicket {
    if (call.creates) {
      const usage = this.usageOf(caller.name);
      const quota = caller.quota;
      if (quota.vms !== null && usage.vms + usage.reservedVms + 1 > quota.vms) {
        throw new KvmError('ENOSPC', call.method, `${caller.name} holds its quota of ${quota.vms} VMs`, {
          metadata: { [QUOTA_METADATA.quotaVms]: String(quota.vms), [QUOTA_METADATA.vmsHeld]: String(usage.vms + usage.reservedVms) },
        });
      }
      this.checkPending(usage, quota, call);
      usage.reservedVms++;
      usage.reservedPending += call.adds;
      return { vmId: call.vmId, usage, creates: true, reservedVms: 1, reservedPending: call.adds };
    }
    const usage = this.owned.get(call.vmId)?.usage ?? null;
    if (usage !== null && call.adds > 0) {
      const quota = this.quotaOf(usage.name);
      if (quota !== undefined) this.checkPending(usage, quota, call);
      usage.reservedPending += call.adds;
    }
    const reservedPending = usage === null ? 0 : call.adds;
    return { vmId: call.vmId, usage, creates: false, reservedVms: 0, reservedPending };
  }

  private checkPending(usage: Usage, quota: Quota, call: QuotaCall): void {
    const limit = quota.pendingInterrupts;
    if (limit === null || call.adds === 0) return;
    const held = usage.pending + usage.reservedPending;
    if (held + call.adds > limit) {
      throw new KvmError(
        'ENOSPC',
        call.method,
        `${usage.name}'s VMs hold ${held} of their quota of ${limit} pending interrupts; this call may add ${call.adds}`,
        {
          metadata: {
            [QUOTA_METADATA.quotaPendingInterrupts]: String(limit),
            [QUOTA_METADATA.pendingInterruptsHeld]: String(held),
            [QUOTA_METADATA.pendingInterruptsRequested]: String(call.adds),
          },
        },
      );
    }
  }

  /**
   * The call ended: reservations go back, and the VM is counted as it is now (gone: no longer
   * held). `mayHaveRun` is false when the call failed with an error of its own; a creation that
   * may have run (OK, or cancelled after its request arrived) makes its caller the VM's owner if
   * the VM exists and nobody owns it.
   */
  finish(ticket: QuotaTicket, mayHaveRun: boolean): void {
    const usage = ticket.usage;
    if (usage !== null) {
      usage.reservedVms -= ticket.reservedVms;
      usage.reservedPending -= ticket.reservedPending;
    }
    if (mayHaveRun && ticket.creates && usage !== null && !this.owned.has(ticket.vmId) && this.pendingOf(ticket.vmId) !== null) {
      usage.vms++;
      this.owned.set(ticket.vmId, { usage, pending: 0 });
    }
    const owned = this.owned.get(ticket.vmId);
    if (owned === undefined) return;
    const now = this.pendingOf(ticket.vmId);
    if (now === null) {
      owned.usage.vms--;
      owned.usage.pending -= owned.pending;
      this.owned.delete(ticket.vmId);
      return;
    }
    owned.usage.pending += now - owned.pending;
    owned.pending = now;
  }

  /**
   * Makes `name` the owner of a VM nobody owns (a VM restored from a state directory, whose creator
   * this process never saw). False when the VM is owned already or does not exist.
   */
  adopt(vmId: string, name: string): boolean {
    if (this.owned.has(vmId)) return false;
    const now = this.pendingOf(vmId);
    if (now === null) return false;
    const usage = this.usageOf(name);
    usage.vms++;
    usage.pending += now;
    this.owned.set(vmId, { usage, pending: now });
    return true;
  }

  /** What a principal holds now (reservations of calls in flight included). */
  held(name: string): { readonly vms: number; readonly pendingInterrupts: number } {
    const u = this.usage.get(name);
    return u === undefined ? { vms: 0, pendingInterrupts: 0 } : { vms: u.vms + u.reservedVms, pendingInterrupts: u.pending + u.reservedPending };
  }

  /** Who owns a VM (the principal that created it), if anyone does. */
  ownerOf(vmId: string): string | undefined {
    return this.owned.get(vmId)?.usage.name;
  }

  private usageOf(name: string): Usage {
    let u = this.usage.get(name);
    if (u === undefined) this.usage.set(name, (u = new Usage(name)));
    return u;
  }
}
