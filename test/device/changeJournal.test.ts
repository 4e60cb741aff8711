// The change record (docs/state.md, "The journal"): every call that changed a VM reaches the
// recorder exactly once, in order, decided by the engine's change counter and not per method;
// replaying the records into an empty registry reproduces every VM byte for byte; calls that
// changed nothing (errors before any effect, dry runs, reads) are not recorded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, VmRegistry, replayChange, type ChangeRecorder, type VmChange, type VmConfig } from '../../src/device/index.js';
import { AI, IO, cat } from '../conformance/recordBytes.js';
import { expectSameBytes } from '../support/bytes.js';
import { OPEN } from '../support/deliveryVectors.js';
import { CONFIGS, applyStateOp, stateOpArb, type StateOp } from '../support/stateOps.js';

class Log implements ChangeRecorder {
  readonly entries: [string, VmChange][] = [];
  record(vmId: string, change: VmChange): void {
    this.entries.push([vmId, change]);
  }
}

function replayed(log: Log): VmRegistry {
  const vms = new VmRegistry();
  for (const [id, change] of log.entries) replayChange(vms, id, change);
  return vms;
}

function expectSameVms(a: VmRegistry, b: VmRegistry): void {
  expect(b.listVms()).toEqual(a.listVms());
  for (const id of a.listVms()) expectSameBytes(b.exportVm(id), a.exportVm(id), id);
  expect(b.retiredCounters).toEqual(a.retiredCounters);
}

describe('the change record', () => {
  it('replays random histories of several VMs to the same state', async () => {
    const history = fc.array(
      fc.oneof(
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), vm: fc.integer({ min: 0, max: 2 }), config: fc.constantFrom(...CONFIGS.map(([, c]) => c)) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('device' as const), vm: fc.integer({ min: 0, max: 2 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('clone' as const), from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), vm: fc.integer({ min: 0, max: 2 }) }) },
        { weight: 12, arbitrary: fc.record({ kind: fc.constant('op' as const), vm: fc.integer({ min: 0, max: 2 }), op: stateOpArb({ maxVcpus: 1 }) }) },
      ),
      { maxLength: 80 },
    );
    const configs = fc.array(fc.constantFrom(...CONFIGS.map(([, c]) => c)), { minLength: 3, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(configs, history, async (initial, steps) => {
        const log = new Log();
        const vms = new VmRegistry();
        vms.setChangeRecorder(log);
        initial.forEach((config, i) => {
          vms.createVm(`vm${i}`, config);
          vms.vm(`vm${i}`).createDevice(KVM_DEV_TYPE_FLIC);
        });
        for (const s of steps) {
          try {
            if (s.kind === 'create') vms.createVm(`vm${s.vm}`, s.config as Partial<VmConfig>);
            else if (s.kind === 'device') vms.vm(`vm${s.vm}`).createDevice(KVM_DEV_TYPE_FLIC);
            else if (s.kind === 'clone') vms.importVm(`vm${s.to}`, vms.exportVm(`vm${s.from}`));
            else if (s.kind === 'delete') vms.deleteVm(`vm${s.vm}`);
            else await applyStateOp(vms.vm(`vm${s.vm}`), s.op as StateOp);
          } catch {
            // ENOENT, EEXIST, ENODEV: part of a random history.
          }
        }
        expectSameVms(vms, replayed(log));
      }),
      { numRuns: 200 },
    );
  });

  it('records only what changed the device', () => {
    const log = new Log();
    const vms = new VmRegistry();
    vms.setChangeRecorder(log);
    vms.createVm('a', { gisa: true, ucontrol: true });
    const vm = vms.vm('a');
    expect(() => vm.clearIrqs()).toThrow(expect.objectContaining({ errnoName: 'ENODEV' }));
    vm.createDevice(KVM_DEV_TYPE_FLIC, 1);
    vm.createDevice(KVM_DEV_TYPE_FLIC);
    const ops = (): string[] => log.entries.map(([, c]) => c.op);
    expect(ops()).toEqual(['createVm', 'createDevice']);
    vm.clearIrqs();
    vm.getAllIrqs(4096n);
    vm.inspect();
    vm.deliver(OPEN);
    vm.tpi(0xff000000);
    expect(() => vm.apfEnable()).toThrow(expect.objectContaining({ errnoName: 'EINVAL' }));
    expect(() => vm.airqInject(3n)).toThrow(expect.objectContaining({ errnoName: 'EINVAL' }));
    expect(ops()).toEqual(['createVm', 'createDevice', 'tpi']);
    log.entries.length = 0;
    const records = cat(AI(2), IO(0x00010001, 1, 1, 1, 0x08000000));
    vm.setAttr({ flags: 0, group: 2, attr: BigInt(records.length), data: records, badAddr: false });
    expect(() => vm.getAllIrqs(72n)).toThrow(expect.objectContaining({ errnoName: 'ENOMEM' }));
    vm.getAllIrqs(0x2000000n);
    vm.deliver(OPEN, { dryRun: true });
    vm.deliver(OPEN);
    vm.beginWait(0);
    expect(ops()).toEqual(['setAttr', 'getAttr', 'deliver']);
    const lost = log.entries[1]![1];
    expect(lost).toMatchObject({ op: 'getAttr', call: { attr: 72n } });
  });

  it('records a waiter delivery inside the call that woke it, after that call', () => {
    const log = new Log();
    const vms = new VmRegistry();
    vms.createVm('a');
    const vm = vms.vm('a');
    vm.createDevice(KVM_DEV_TYPE_FLIC);
    vms.setChangeRecorder(log);
    vm.setArrivalListener((v) => v.deliver(OPEN));
    vm.enqueue([{ kind: 'io', type: 1n, subchannelId: 1, subchannelNr: 1, ioIntParm: 1, ioIntWord: 0 }]);
    expect(log.entries.map(([, c]) => c.op)).toEqual(['enqueue', 'deliver']);
    const again = new VmRegistry();
    again.createVm('a');
    again.vm('a').createDevice(KVM_DEV_TYPE_FLIC);
    for (const [id, change] of log.entries) replayChange(again, id, change);
    expectSameBytes(again.exportVm('a'), vms.exportVm('a'), 'replayed');
  });

  it('a registry change that cannot be replayed is an error, a VM call that fails again is not', () => {
    const vms = new VmRegistry();
    vms.createVm('a');
    expect(() => replayChange(vms, 'a', { op: 'createVm', config: vms.vm('a').config })).toThrow(expect.objectContaining({ errnoName: 'EEXIST' }));
    expect(() => replayChange(vms, 'a', { op: 'tpi', iscMask: 0 })).not.toThrow();
  });
});
