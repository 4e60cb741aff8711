// The FLIC state format is the documented protobuf (proto/flic/state/v1/state.proto): protobufjs,
// reading the .proto file, decodes what flic writes into the same fields and encodes them back to
// the very same bytes (flic's writer is canonical), and flic reads what protobufjs writes.
import path from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { FLIC_STATE_HEADER_SIZE, KVM_DEV_TYPE_FLIC, VmRegistry, crc32c, decodeFlicState } from '../../src/device/index.js';
import { expectSameBytes } from '../support/bytes.js';
import { CONFIGS, applyStateOp, richState } from '../support/stateOps.js';

const PROTO = path.join(import.meta.dirname, '../../proto/flic/state/v1/state.proto');
const VmState = protobuf.loadSync(PROTO).lookupType('flic.state.v1.VmState');

async function exported(config: (typeof CONFIGS)[number][1], withFlic: boolean): Promise<Uint8Array> {
  const vms = new VmRegistry();
  vms.createVm('a', config);
  if (withFlic) {
    vms.vm('a').createDevice(KVM_DEV_TYPE_FLIC);
    for (const o of richState(config)) await applyStateOp(vms.vm('a'), o);
  }
  return vms.exportVm('a');
}

describe('proto/flic/state/v1/state.proto', () => {
  it.each(CONFIGS)('%s: protobufjs decodes flic\'s payload and re-encodes the same bytes', async (_, config) => {
    for (const withFlic of [false, true]) {
      const blob = await exported(config, withFlic);
      const payload = blob.subarray(FLIC_STATE_HEADER_SIZE);
      expect(new DataView(blob.buffer, blob.byteOffset).getUint32(16)).toBe(crc32c(payload));
      const message = VmState.decode(payload);
      expect(VmState.verify(message)).toBeNull();
      expectSameBytes(VmState.encode(message).finish(), payload, 'protobufjs re-encoding');
      const o = VmState.toObject(message, { longs: String, enums: String, defaults: true });
      const image = decodeFlicState(blob);
      expect(o.config.maxVcpus).toBe(image.config.maxVcpus);
      expect(o.config.profile).toBe(image.config.profile === 'original' ? 'KERNEL_PROFILE_ORIGINAL' : 'KERNEL_PROFILE_CURRENT');
      expect(o.config.guestMemoryLimited).toBe(image.config.guestMemory !== null);
      if (!withFlic) expect(o.current ?? o.original ?? null).toBeNull();
      if (image.flic?.profile === 'current') {
        expect(Buffer.from(o.current.io).equals(Buffer.from(image.flic.io))).toBe(true);
        expect(o.current.adapters.map((a: { id: number }) => a.id)).toEqual(image.flic.adapters.map((a) => a.id));
        expect(o.current.counters.injectedIo).toBe(String(image.flic.counters.injectedIo));
        expect(o.current.service.word).toBe(image.flic.service.word);
        expect(o.current.waitScanStart).toBe(image.flic.waitScanStart);
      }
      if (image.flic?.profile === 'original') expect(Buffer.from(o.original.list).equals(Buffer.from(image.flic.list))).toBe(true);
    }
  });

  it('flic reads a state that protobufjs wrote', () => {
    const payload = VmState.encode(
      VmState.fromObject({
        config: { ais: true, maxVcpus: 4, adapterMapMode: 'ADAPTER_MAP_MODE_TRACKED', guestMemory: [{ start: '4096', size: '65536' }], guestMemoryLimited: true },
        current: {
          gisaIpm: 0,
          service: { word: 0x1231, sccbPending: true, eventPending: true },
          machineCheck: { pending: true, cr14: '268435456', mcic: '18446744073709551615' },
          simm: 0x90,
          nimm: 0x10,
          adapters: [{ id: 2, isc: 3, maskable: true, masked: true, flags: 1, mappings: ['4096', '8192'] }],
          waitScanStart: 3,
          counters: { injectedIo: '7', delivered: Array.from({ length: 28 }, (_, i) => String(i)) },
        },
      }),
    ).finish();
    const blob = new Uint8Array(FLIC_STATE_HEADER_SIZE + payload.length);
    blob.set(new TextEncoder().encode('FLICSTAT'));
    const dv = new DataView(blob.buffer);
    dv.setUint32(8, 1);
    dv.setUint32(12, payload.length);
    dv.setUint32(16, crc32c(payload));
    blob.set(payload, FLIC_STATE_HEADER_SIZE);
    const vms = new VmRegistry();
    vms.importVm('from-protobufjs', blob);
    const i = vms.vm('from-protobufjs').inspect();
    expect(i.config).toMatchObject({ ais: true, maxVcpus: 4, adapterMapMode: 'tracked', guestMemory: [{ start: 4096n, size: 65536n }] });
    expect(i.service).toEqual({ pending: true, sccbPending: true, eventPending: true, extParams: 0x1231 });
    expect(i.machineCheck).toEqual({ pending: true, cr14: 0x10000000n, mcic: 0xffffffffffffffffn });
    expect(i.ais).toEqual({ simm: 0x90, nimm: 0x10, facility: true });
    expect(i.adapters).toEqual([{ id: 2, isc: 3, maskable: true, swap: false, flags: 1, suppressible: true, masked: true, mappings: [0x1000n, 0x2000n], mapCounter: 0 }]);
    expect(i.waitScanStart).toBe(3);
    expect(i.counters.injectedIo).toBe(7);
    expect(i.counters.delivered[27]).toBe(27);
  });
});
