// The metrics snapshot taken a few VMs at a time: its totals count every VM once, whether the VM
// is deleted before, during or after the pass meets it, so the *_total series never go down.
import { describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, VmRegistry } from '../../src/device/index.js';
import { DeviceSnapshotBuilder } from '../../src/server/deviceSnapshot.js';
import { ioIrqs } from '../support/workload.js';

function registryWith(counts: readonly number[]): VmRegistry {
  const reg = new VmRegistry();
  counts.forEach((n, i) => {
    reg.createVm(`vm-${i}`);
    reg.get(`vm-${i}`).createDevice(KVM_DEV_TYPE_FLIC);
    reg.get(`vm-${i}`).enqueue(ioIrqs(n));
  });
  return reg;
}

describe('DeviceSnapshotBuilder', () => {
  it.each([
    ['after the pass met it', 0],
    ['before the pass meets it', 2],
  ])('counts a VM deleted during the pass, %s, once', (_, victim) => {
    const reg = registryWith([1, 10, 100]);
    const builder = new DeviceSnapshotBuilder(reg, 10);
    expect(builder.step(1)).toBe(false);
    reg.deleteVm(`vm-${victim}`);
    reg.createVm('late');
    reg.get('late').createDevice(KVM_DEV_TYPE_FLIC);
    reg.get('late').enqueue(ioIrqs(1000));
    reg.get('vm-1').enqueue(ioIrqs(5));
    while (!builder.step(1));
    expect(builder.finish().counters.injectedIo).toBe(1 + 10 + 100 + 1000 + 5);
  });

  it('writes the per-VM lines of the first VMs only, with their ids escaped', () => {
    const reg = new VmRegistry();
    for (const id of ['a"b', 'c\\d', 'e']) {
      reg.createVm(id);
      reg.get(id).createDevice(KVM_DEV_TYPE_FLIC);
    }
    const builder = new DeviceSnapshotBuilder(reg, 2);
    while (!builder.step(1));
    const s = builder.finish();
    const text = Buffer.concat(s.limitLines).toString();
    expect(text).toContain('flic_vm_queue_limit{vm="a\\"b",queue="io"} 266250\n');
    expect(text).toContain('flic_vm_queue_limit{vm="c\\\\d",queue="pfault"} 16320\n');
    expect(text).not.toContain('vm="e"');
    expect(s.limited).toBe(true);
    expect(s.devices).toBe(3);
  });
});
