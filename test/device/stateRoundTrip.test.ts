// FLIC-format snapshots in process (issue 14): Export then Import under another id answers every
// call of the fixed observing sequence exactly as the original, for every configuration and for
// states built by random call sequences; export changes nothing; the encoding is canonical.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, VmRegistry, crc32c, decodeFlicState, type VmConfig } from '../../src/device/index.js';
import { CONFIGS, applyStateOp, richState, stateOpArb, type StateOp } from '../support/stateOps.js';
import { AI, cat } from '../conformance/recordBytes.js';
import { expectSameBytes } from '../support/bytes.js';
import { observeState } from '../support/stateObserver.js';

async function built(config: Partial<VmConfig>, ops: readonly StateOp[]): Promise<VmRegistry> {
  const vms = new VmRegistry();
  vms.createVm('a', config);
  vms.vm('a').createDevice(KVM_DEV_TYPE_FLIC);
  for (const o of ops) await applyStateOp(vms.vm('a'), o);
  return vms;
}

async function expectCloneAnswersAlike(vms: VmRegistry, fill = true): Promise<void> {
  const before = vms.vm('a').inspect();
  const blob = vms.exportVm('a');
  expect(vms.vm('a').inspect(), 'export changed the VM').toEqual(before);
  expectSameBytes(vms.exportVm('a'), blob, 'a second export');
  vms.importVm('b', blob);
  expectSameBytes(vms.exportVm('b'), blob, 'the import exported again');
  const a = await observeState(vms.vm('a'), { fill });
  const b = await observeState(vms.vm('b'), { fill });
  expect(b).toEqual(a);
  expectSameBytes(vms.exportVm('b'), vms.exportVm('a'), 'the import after the sequence');
}

describe('CRC-32C', () => {
  it('is the Castagnoli checksum', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
});

describe('FLIC-format round trip in process', () => {
  it.each(CONFIGS)('%s: a rich state', async (_, config) => {
    await expectCloneAnswersAlike(await built(config, richState(config)));
  });

  it.each(CONFIGS)('%s: a VM without a FLIC', (_, config) => {
    const vms = new VmRegistry();
    vms.createVm('a', config);
    vms.importVm('b', vms.exportVm('a'));
    expect(vms.vm('b').config).toEqual(vms.vm('a').config);
    expect(() => vms.vm('b').inspect()).toThrow(expect.objectContaining({ errnoName: 'ENODEV' }));
    expect(vms.vm('b').createDevice(KVM_DEV_TYPE_FLIC)).toBe(true);
  });

  it('keeps the GISA bits on export (GET_ALL_IRQS would take them)', async () => {
    const vms = await built({ gisa: true }, [{ op: 'enqueue', raw: true, records: cat(AI(2), AI(5)) }]);
    const ipm = vms.vm('a').inspect().gisaIpm;
    expect(ipm).toBe(0x24);
    vms.exportVm('a');
    vms.exportVm('a', 'qemu');
    expect(vms.vm('a').inspect().gisaIpm).toBe(ipm);
  });

  it('keeps the configuration, resolved, and the empty guest memory list apart from none', () => {
    const vms = new VmRegistry();
    vms.createVm('none', { adapterMapMode: 'tracked', guestMemory: [] });
    vms.importVm('copy', vms.exportVm('none'));
    expect(vms.vm('copy').config.guestMemory).toEqual([]);
    expect(decodeFlicState(vms.exportVm('none')).config).toEqual(vms.vm('none').config);
  });

  it('answers alike for states built by random call sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONFIGS).chain(([, config]) => fc.tuple(fc.constant(config), fc.array(stateOpArb({ maxVcpus: config.maxVcpus ?? 255 }), { maxLength: 40 }))),
        async ([config, ops]) => {
          await expectCloneAnswersAlike(await built(config, ops), false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers alike at the queue limits for random states', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONFIGS).chain(([, config]) => fc.tuple(fc.constant(config), fc.array(stateOpArb({ maxVcpus: config.maxVcpus ?? 255 }), { maxLength: 30 }))),
        async ([config, ops]) => {
          await expectCloneAnswersAlike(await built(config, ops));
        },
      ),
      { numRuns: 12 },
    );
  });
});
