// The quota ledger on its own: reservations of calls in flight, the owner of a VM whose creation
// was cancelled after it ran (or failed), counts read again at each call's end, deletion.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/server/security/authzPolicy.js';
import { QuotaLedger } from '../../src/server/security/quotaLedger.js';

const team: Principal = { name: 'team', admin: false, readOnly: false, prefixes: ['t/'], quota: { vms: 2, pendingInterrupts: 5 } };

function ledger(): { ledger: QuotaLedger; pending: Map<string, number> } {
  const pending = new Map<string, number>();
  return { ledger: new QuotaLedger((id) => pending.get(id) ?? null, () => team.quota), pending };
}

const create = (vmId: string) => ({ method: 'CreateVm', vmId, creates: true, adds: 0 });
const enqueue = (vmId: string, adds: number) => ({ method: 'Enqueue', vmId, creates: false, adds });

describe('QuotaLedger', () => {
  it('owns a VM whose creation may have run (OK or cancelled), not one whose creation failed', () => {
    const { ledger: l, pending } = ledger();
    const a = l.admit(team, create('t/a'));
    pending.set('t/a', 0);
    l.finish(a, true);
    const failed = l.admit(team, create('t/b'));
    l.finish(failed, false);
    expect(l.held('team').vms).toBe(1);
    expect(l.ownerOf('t/a')).toBe('team');
    expect(l.ownerOf('t/b')).toBeUndefined();
    const cancelledBefore = l.admit(team, create('t/c'));
    l.finish(cancelledBefore, true); // never ran: no such VM
    expect(l.held('team').vms).toBe(1);
  });

  it('holds reservations of calls in flight against the quota, and gives them back', () => {
    const { ledger: l, pending } = ledger();
    const created = l.admit(team, create('t/a'));
    pending.set('t/a', 0);
    l.finish(created, true);
    const first = l.admit(team, enqueue('t/a', 3));
    expect(() => l.admit(team, enqueue('t/a', 3))).toThrow(/hold 3 of their quota of 5/);
    expect(l.held('team').pendingInterrupts).toBe(3);
    pending.set('t/a', 2); // merged: the call added less than it could
    l.finish(first, true);
    expect(l.held('team').pendingInterrupts).toBe(2);
    l.finish(l.admit(team, enqueue('t/a', 3)), true);
    pending.delete('t/a'); // deleted
    l.finish(l.admit(team, enqueue('t/a', 0)), true);
    expect(l.held('team')).toEqual({ vms: 0, pendingInterrupts: 0 });
  });
});
