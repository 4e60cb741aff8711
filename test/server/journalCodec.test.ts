// The state directory's journal entries are the documented protobuf (proto/flic/state/v1/state.proto,
// JournalBatch): protobufjs reads what flic writes, and every kind of change reads back as the call
// a replay makes (a typed ENQUEUE as the raw SET of its records' bytes).
import path from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VM_CONFIG, encodeIrqs, type VmChange } from '../../src/device/index.js';
import { decodeBatch, encodeBatch } from '../../src/server/persistence/journalCodec.js';
import { OPEN } from '../support/deliveryVectors.js';
import { A, MCHK, VIRTIO } from '../support/typedRecords.js';

const root = protobuf.loadSync(path.join(import.meta.dirname, '../../proto/flic/state/v1/state.proto'));
const JournalBatch = root.lookupType('flic.state.v1.JournalBatch');

const irqs = [A, VIRTIO(1, 2, 3n), MCHK(0x10000000n, 5n)];
const bytes = encodeIrqs(irqs);
const CHANGES: [string, VmChange, VmChange][] = [
  ['createVm', { op: 'createVm', config: { ...DEFAULT_VM_CONFIG, ais: true, maxVcpus: 7, guestMemory: [{ start: 1n, size: 2n }] } }, { op: 'createVm', config: { ...DEFAULT_VM_CONFIG, ais: true, maxVcpus: 7, guestMemory: [{ start: 1n, size: 2n }] } }],
  ['deleteVm', { op: 'deleteVm' }, { op: 'deleteVm' }],
  ['importVm', { op: 'importVm', state: Uint8Array.of(1, 2, 3) }, { op: 'importVm', state: Uint8Array.of(1, 2, 3) }],
  ['importVm (empty)', { op: 'importVm', state: new Uint8Array(0) }, { op: 'importVm', state: new Uint8Array(0) }],
  ['createDevice', { op: 'createDevice', type: 6, flags: 0 }, { op: 'createDevice', type: 6, flags: 0 }],
  ['setAttr', { op: 'setAttr', call: { flags: 1, group: 8, attr: 4n, data: Uint8Array.of(0, 1, 0, 2), badAddr: true } }, { op: 'setAttr', call: { flags: 1, group: 8, attr: 4n, data: Uint8Array.of(0, 1, 0, 2), badAddr: true } }],
  ['enqueue', { op: 'enqueue', irqs }, { op: 'setAttr', call: { flags: 0, group: 2, attr: BigInt(bytes.length), data: bytes, badAddr: false } }],
  ['getAttr', { op: 'getAttr', call: { flags: 0, group: 1, attr: 0x2000000n, data: new Uint8Array(0), badAddr: false } }, { op: 'getAttr', call: { flags: 0, group: 1, attr: 0x2000000n, data: new Uint8Array(0), badAddr: false } }],
  ['deliver', { op: 'deliver', cpu: { ...OPEN, cpuId: 3, localPending: 1n << 24n, localMchkCr14: 0xffffffffffffffffn, iictl: 2 } }, { op: 'deliver', cpu: { ...OPEN, cpuId: 3, localPending: 1n << 24n, localMchkCr14: 0xffffffffffffffffn, iictl: 2 } }],
  ['tpi', { op: 'tpi', iscMask: 0 }, { op: 'tpi', iscMask: 0 }],
  ['tsch', { op: 'tsch', schid: 0xfe010005 }, { op: 'tsch', schid: 0xfe010005 }],
  ['reinjectIo', { op: 'reinjectIo', irq: { kind: 'io', type: 0x3f80005n, subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 0xa1, ioIntWord: 0x18000000 } }, { op: 'reinjectIo', irq: { kind: 'io', type: 0x3f80005n, subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 0xa1, ioIntWord: 0x18000000 } }],
  ['pvSclpIntercept', { op: 'pvSclpIntercept' }, { op: 'pvSclpIntercept' }],
  ['beginWait', { op: 'beginWait', cpuId: 0 }, { op: 'beginWait', cpuId: 0 }],
];

describe('journal entries', () => {
  it.each(CHANGES)('%s reads back as the call a replay makes', (_, change, replayed) => {
    const payload = encodeBatch([{ vmId: 'vm-é', change }, { vmId: 'guest/7', change }]).finish();
    expect(decodeBatch(payload)).toEqual([{ vmId: 'vm-é', change: replayed }, { vmId: 'guest/7', change: replayed }]);
    const message = JournalBatch.decode(payload);
    expect(JournalBatch.verify(message)).toBeNull();
    const o = JournalBatch.toObject(message, { longs: String, oneofs: true }) as { entries: { vmId: string; change: string }[] };
    expect(o.entries.map((e) => e.vmId)).toEqual(['vm-é', 'guest/7']);
    expect(o.entries[0]!.change).toBe(change.op === 'enqueue' ? 'setAttr' : change.op);
    expect(Buffer.from(JournalBatch.encode(message).finish()).equals(Buffer.from(payload))).toBe(true);
  });

  it('refuses a malformed batch', () => {
    expect(() => decodeBatch(Uint8Array.of(0x0a, 0x02, 0x0a, 0x00))).toThrow(/an entry without a change/);
    expect(() => decodeBatch(Uint8Array.of(0x0a, 0x04, 0x1a, 0x00, 0x62, 0x00))).toThrow(/two changes in one entry/);
    expect(() => decodeBatch(Uint8Array.of(0x12, 0x00))).toThrow(/not part of this format/);
  });
});
