// Which calls the heavy-call gate admits as heavy: every call that copies a whole queue of more
// than HEAVY_RECORDS records (GetAllIrqs, Inspect, ExportVm, a conditional DeleteVm, the raw
// GET_ALL_IRQS), and an ImportVm whose blob could hold more than that many records.
import { describe, expect, it } from 'vitest';
import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_FLIC_GET_ALL_IRQS, KVM_DEV_TYPE_FLIC, KVM_S390_IRQ_SIZE, VmRegistry } from '../../src/device/index.js';
import { FLIC_SERVICE_NAME } from '../../src/server/health.js';
import { HEAVY_CANDIDATES, HEAVY_RECORDS, flicHeavyClassifier } from '../../src/server/heavyCalls.js';
import { ioIrqs } from '../support/workload.js';

const path = (m: string): string => `/${FLIC_SERVICE_NAME}/${m}`;

function registry(): VmRegistry {
  const vms = new VmRegistry();
  for (const [id, n] of [['small', HEAVY_RECORDS], ['large', HEAVY_RECORDS + 1]] as const) {
    vms.createVm(id);
    vms.get(id).createDevice(KVM_DEV_TYPE_FLIC);
    vms.get(id).enqueue(ioIrqs(n));
  }
  return vms;
}

describe('the heavy-call classifier', () => {
  const heavy = flicHeavyClassifier(registry());

  it('takes the whole-queue calls of a VM past HEAVY_RECORDS, and not at it', () => {
    for (const m of ['GetAllIrqs', 'Inspect', 'ExportVm']) {
      expect(HEAVY_CANDIDATES.has(path(m))).toBe(true);
      expect(heavy(path(m), { vmId: 'large' }), m).toBe(true);
      expect(heavy(path(m), { vmId: 'small' }), m).toBe(false);
      expect(heavy(path(m), { vmId: 'missing' }), m).toBe(false);
    }
    expect(heavy(path('GetDeviceAttr'), { vmId: 'large', group: KVM_DEV_FLIC_GET_ALL_IRQS })).toBe(true);
    expect(heavy(path('GetDeviceAttr'), { vmId: 'large', group: KVM_DEV_FLIC_ENQUEUE })).toBe(false);
  });

  it('takes a DeleteVm only when it compares the state', () => {
    expect(heavy(path('DeleteVm'), { vmId: 'large', expectedStateSha256: new Uint8Array(32) })).toBe(true);
    expect(heavy(path('DeleteVm'), { vmId: 'large', expectedStateSha256: new Uint8Array(0) })).toBe(false);
    expect(heavy(path('DeleteVm'), { vmId: 'small', expectedStateSha256: new Uint8Array(32) })).toBe(false);
  });

  it('takes an ImportVm by the records its blob could hold', () => {
    const at = HEAVY_RECORDS * KVM_S390_IRQ_SIZE;
    expect(heavy(path('ImportVm'), { vmId: 'new', state: new Uint8Array(at) })).toBe(false);
    expect(heavy(path('ImportVm'), { vmId: 'new', state: new Uint8Array(at + 1) })).toBe(true);
  });
});
