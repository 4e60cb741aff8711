// FLIC-format blobs that are not a state a kernel could hold (issue 14): every truncation point,
// every flipped byte, an unknown version, wire-level malformations under a valid checksum, and
// states past a limit or outside what the groups can set. Each is EINVAL with a detail, creates
// nothing, and leaves the registry working.
import { describe, expect, it } from 'vitest';
import {
  FLIC_STATE_HEADER_SIZE,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_MAX_FLOAT_IRQS,
  KvmError,
  VmRegistry,
  crc32c,
  decodeFlicState,
  encodeFlicState,
  type CurrentImage,
  type VmImage,
} from '../../src/device/index.js';
import { ProtoWriter } from '../../src/device/state/protoWire.js';
import { encodeVmState } from '../../src/device/state/vmStateCodec.js';
import { EXT, IO, cat } from '../conformance/recordBytes.js';
import { applyStateOp, richState } from '../support/stateOps.js';

async function richBlob(): Promise<{ vms: VmRegistry; blob: Uint8Array }> {
  const vms = new VmRegistry();
  vms.createVm('a', { ais: true, adapterMapMode: 'legacy' });
  vms.vm('a').createDevice(KVM_DEV_TYPE_FLIC);
  for (const o of richState({})) await applyStateOp(vms.vm('a'), o);
  return { vms, blob: vms.exportVm('a') };
}

function importError(vms: VmRegistry, blob: Uint8Array): KvmError {
  const before = vms.listVms();
  let caught: unknown;
  try {
    vms.importVm('copy', blob);
  } catch (err) {
    caught = err;
  }
  expect(vms.listVms(), 'the failed import created a VM').toEqual(before);
  expect(caught).toBeInstanceOf(KvmError);
  const err = caught as KvmError;
  expect(err.errnoName).toBe('EINVAL');
  expect(err.detail.length).toBeGreaterThan(10);
  return err;
}

/** A blob with a valid header and checksum around any payload. */
function framed(payload: Uint8Array, version = 1): Uint8Array {
  const out = new Uint8Array(FLIC_STATE_HEADER_SIZE + payload.length);
  out.set(new TextEncoder().encode('FLICSTAT'));
  const dv = new DataView(out.buffer);
  dv.setUint32(8, version);
  dv.setUint32(12, payload.length);
  out.set(payload, FLIC_STATE_HEADER_SIZE);
  dv.setUint32(16, crc32c(payload));
  return out;
}

function withCurrent(base: VmImage, change: Partial<CurrentImage>): VmImage {
  return { ...base, flic: { ...(base.flic as CurrentImage), ...change } };
}

describe('a corrupt FLIC-format blob', () => {
  it('is refused at every truncation point', async () => {
    const { vms, blob } = await richBlob();
    for (let n = 0; n < blob.length; n++) importError(vms, blob.subarray(0, n));
    vms.importVm('copy', blob);
    expect(vms.listVms()).toEqual(['a', 'copy']);
  });

  it('is refused with any one byte changed, and with a byte added', async () => {
    const { vms, blob } = await richBlob();
    for (let i = 0; i < blob.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = blob.slice();
        bad[i]! ^= flip;
        const err = importError(vms, bad);
        if (i >= FLIC_STATE_HEADER_SIZE) expect(err.detail, `byte ${i}`).toMatch(/CRC-32C/);
      }
    }
    importError(vms, cat(blob, Uint8Array.of(0)));
  });

  it('says what is wrong with the header', async () => {
    const { vms, blob } = await richBlob();
    const version = blob.slice();
    new DataView(version.buffer).setUint32(8, 2);
    expect(importError(vms, version).detail).toMatch(/format version 2 is unknown/);
    expect(importError(vms, new Uint8Array(0)).detail).toMatch(/shorter than the 20-byte header/);
    expect(importError(vms, cat(new TextEncoder().encode('QEMUSTAT'), blob.subarray(8))).detail).toMatch(/magic/);
    expect(importError(vms, blob.subarray(0, blob.length - 1)).detail).toMatch(/truncated/);
  });

  it('refuses wire-level malformations under a valid checksum', async () => {
    const { vms, blob } = await richBlob();
    const payload = blob.subarray(FLIC_STATE_HEADER_SIZE);
    const unknown = cat(payload, Uint8Array.of(0x78, 0x01)); // field 15, varint
    expect(importError(vms, framed(unknown)).detail).toMatch(/field 15 .* not part of this format/);
    const twice = cat(payload, payload.subarray(0, 5));
    expect(importError(vms, framed(twice)).detail).toMatch(/appears twice/);
    expect(importError(vms, framed(Uint8Array.of(0x0a, 0x05, 0x28))).detail).toMatch(/remain/);
    expect(importError(vms, framed(Uint8Array.of(0x0d, 0, 0, 0, 0))).detail).toMatch(/wire type 5/);
    expect(importError(vms, framed(new Uint8Array(0))).detail).toMatch(/config is missing/);
    expect(importError(vms, framed(Uint8Array.of(0x0a, 0x03, 0x28, 0x80, 0x02))).detail).toMatch(/max_vcpus is 256, above 255/);
    expect(importError(vms, framed(Uint8Array.of(0x0a, 0x00))).detail).toMatch(/maxVcpus must be 1..255, got 0/);
  });

  it('refuses states no kernel could hold', async () => {
    const { vms, blob } = await richBlob();
    const base = decodeFlicState(blob);
    const bad = (change: Partial<CurrentImage>): string => importError(vms, encodeFlicState(withCurrent(base, change))).detail;
    const io = (n: number): Uint8Array => {
      const out = new Uint8Array(n * 72);
      const r = IO(0x00010001, 1, 1, 1, 0);
      for (let i = 0; i < n; i++) out.set(r, i * 72);
      return out;
    };
    expect(bad({ io: io(KVM_S390_MAX_FLOAT_IRQS + 1) })).toMatch(/holds 266251 records, the limit is 266250/);
    expect(() => vms.importVm('full', encodeFlicState(withCurrent(base, { io: io(KVM_S390_MAX_FLOAT_IRQS) })))).not.toThrow();
    vms.deleteVm('full');
    expect(bad({ io: io(1).subarray(0, 71) })).toMatch(/not a whole number/);
    expect(bad({ io: cat(IO(1, 1, 1, 1, 0x08000000), IO(1, 1, 1, 1, 0)) })).toMatch(/ISC 0 first/);
    expect(bad({ io: EXT(0xffff2603, 1, 2, 3n) })).toMatch(/not have an I\/O type/);
    expect(bad({ virtio: IO(1, 1, 1, 1, 0) })).toMatch(/VIRTIO record 0 has a type other than 0xffff2603/);
    const tail = IO(1, 1, 1, 1, 0);
    tail[40] = 1;
    expect(bad({ io: tail })).toMatch(/byte 40 set/);
    expect(bad({ pfaultDone: new Uint8Array(64 * 255 * 72 + 72) })).toMatch(/limit is 16320/);
    expect(bad({ gisaIpm: 0x80 })).toMatch(/IPM .* without a GISA/);
    expect(bad({ service: { word: 0x4, sccbPending: true, eventPending: false } })).toMatch(/bit 0x4/);
    expect(bad({ service: { word: 0x1, sccbPending: true, eventPending: false } })).toMatch(/event_pending/);
    expect(bad({ service: { word: 0x1000, sccbPending: false, eventPending: false } })).toMatch(/without a pending SCCB/);
    expect(bad({ machineCheck: { pending: true, cr14: 0x20000000n, mcic: 0n } })).toMatch(/cr14/);
    expect(bad({ machineCheck: { pending: false, cr14: 0n, mcic: 1n } })).toMatch(/not pending/);
    expect(bad({ waitScanStart: 255 })).toMatch(/wait_scan_start 255 is not below max_vcpus/);
    expect(bad({ maskedIrqs: 0x8000 })).toMatch(/masked_irqs/);
    const adapter = { id: 3, isc: 3, maskable: false, swap: false, flags: 0, suppressible: false, masked: true, mappings: [], mapCounter: 0 };
    expect(bad({ adapters: [adapter] })).toMatch(/masked but not maskable/);
    expect(bad({ adapters: [{ ...adapter, masked: false, id: 64 }] })).toMatch(/not below 64/);
    expect(bad({ adapters: [{ ...adapter, masked: false }, { ...adapter, masked: false }] })).toMatch(/ascending id, once each/);
    expect(bad({ adapters: [{ ...adapter, masked: false, mappings: [0x1000n], mapCounter: 0 }] })).toMatch(/map counter 0 is below its 1 mappings/);
    expect(bad({ adapters: [{ ...adapter, masked: false, mappings: [0n], mapCounter: 1 }] })).toMatch(/maps 0x0/);
  });

  it('refuses what the configuration rules out', async () => {
    const vms = new VmRegistry();
    const image = (config: Partial<VmImage['config']>, flic: Partial<CurrentImage> = {}): Uint8Array => {
      vms.createVm('src', config.profile === undefined ? config : {});
      const base = decodeFlicState(vms.exportVm('src'));
      vms.deleteVm('src');
      const flicImage: CurrentImage = { profile: 'current', io: new Uint8Array(0), gisaIpm: 0, pfaultDone: new Uint8Array(0), virtio: new Uint8Array(0), service: { word: 0, sccbPending: false, eventPending: false }, machineCheck: { pending: false, cr14: 0n, mcic: 0n }, ais: { simm: 0, nimm: 0 }, adapters: [], apfEnabled: false, maskedIrqs: 0, waitScanStart: 0, counters: { injectedIo: 0, injectedAdapter: 0, injectedVirtio: 0, injectedPfault: 0, injectedService: 0, injectedMchk: 0, suppressed: 0, cleared: 0, coalesced: 0, tpiHits: 0, tpiMisses: 0, tschHits: 0, tschMisses: 0, reinjected: 0, delivered: [], deliveredLocal: [] }, ...flic };
      return encodeFlicState({ config: { ...base.config, ...config }, flic: flicImage });
    };
    expect(importError(vms, image({ profile: 'original', ais: true })).detail).toMatch(/config: the original \(2013\) profile has no AIS/);
    expect(importError(vms, image({ profile: 'original' })).detail).toMatch(/current-profile FLIC in a VM of the original profile/);
    expect(importError(vms, image({ ucontrol: true }, { apfEnabled: true })).detail).toMatch(/APF enabled on a ucontrol VM/);
    expect(importError(vms, image({}, { ais: { simm: 1, nimm: 0 } })).detail).toMatch(/AIS masks on a VM without the AIS facility/);
    expect(importError(vms, image({ gisa: true }, { io: IO(0x04000000, 0, 0, 0, 0x80000000) })).detail).toMatch(/GISA/);
    expect(() => vms.importVm('ok', image({ gisa: true }, { gisaIpm: 0xff }))).not.toThrow();
  });

  it('is EINVAL after EEXIST and ENOSPC, which are checked before the blob is read', () => {
    const vms = new VmRegistry({ maxVms: 1 });
    vms.createVm('a');
    expect(() => vms.importVm('a', new Uint8Array(3))).toThrow(expect.objectContaining({ errnoName: 'EEXIST' }));
    expect(() => vms.importVm('b', new Uint8Array(3))).toThrow(expect.objectContaining({ errnoName: 'ENOSPC' }));
    expect(() => vms.importVm('bad id', new Uint8Array(3))).toThrow(expect.objectContaining({ errnoName: 'EINVAL', group: 'VM' }));
    vms.deleteVm('a');
    expect(() => vms.importVm('b', new Uint8Array(3))).toThrow(expect.objectContaining({ errnoName: 'EINVAL', group: 'IMPORT_VM' }));
  });

  it('an empty writer still frames (the encoder is total)', () => {
    expect(new ProtoWriter().finish()).toEqual(new Uint8Array(0));
    expect(encodeVmState({ config: decodeFlicState(framed(Uint8Array.of(0x0a, 0x02, 0x28, 0x01))).config, flic: null }).length).toBeGreaterThan(0);
  });
});
