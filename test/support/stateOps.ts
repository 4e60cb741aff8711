// Calls that build up a VM's state, for the snapshot tests (issue 14): a fast-check arbitrary of
// random sequences that reach every part of the state (queues, merged records, GISA, AIS masks,
// adapters with masks and maps, APF, delivery with masked_irqs and the wait-scan position,
// counters), and the scripted states of every configuration. They run against any FlicApi: the
// in-process Vm or a RemoteVm through a real server.
import fc from 'fast-check';
import { KvmError, Vm, decodeIrqs, type CpuState, type FlicApi, type VmConfig } from '../../src/device/index.js';
import { EXT, IO, MCHK, RAW, cat } from '../conformance/recordBytes.js';
import { OPEN, cpu } from './deliveryVectors.js';

export type StateOp =
  | { readonly op: 'enqueue'; readonly records: Uint8Array; readonly raw: boolean }
  | { readonly op: 'clearIo'; readonly sid: number; readonly nr: number }
  | { readonly op: 'clearAll' }
  | { readonly op: 'register'; readonly id: number; readonly isc: number; readonly flags: number; readonly maskable: boolean }
  | { readonly op: 'modify'; readonly id: number; readonly type: number; readonly mask: boolean; readonly addr: bigint }
  | { readonly op: 'airq'; readonly id: number }
  | { readonly op: 'aism'; readonly isc: number; readonly mode: number }
  | { readonly op: 'aismAll'; readonly simm: number; readonly nimm: number }
  | { readonly op: 'getAll'; readonly len: bigint }
  | { readonly op: 'apf'; readonly enable: boolean }
  | { readonly op: 'deliver'; readonly cpu: CpuState }
  | { readonly op: 'tpi'; readonly mask: number }
  | { readonly op: 'tsch'; readonly schid: number }
  | { readonly op: 'reinject'; readonly isc: number; readonly nr: number }
  | { readonly op: 'pvSclp' }
  | { readonly op: 'wait'; readonly cpuId: number };

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const nr = fc.integer({ min: 1, max: 6 });
const ioRecord = fc
  .tuple(fc.constantFrom(0x00010001, 0x03f80005, 0x04000000), nr, u32, fc.integer({ min: 0, max: 7 }), fc.boolean())
  .map(([type, n, parm, isc, ai]) => IO(type, 0xfe01, n, parm, ((ai ? 0x80000000 : 0) | (isc << 27)) >>> 0));
const extRecord = fc
  .tuple(fc.constantFrom(0xffff2603, 0xffff2401, 0xfffe0005, 0xfffe0004), u32, u32, u64)
  .map(([type, p, pad, p2]) => EXT(type, p, pad, p2));
const mchkRecord = fc.tuple(u64, u64).map(([cr14, mcic]) => MCHK(cr14, mcic, 7, 9));
const record = fc.oneof(
  { weight: 6, arbitrary: ioRecord },
  { weight: 3, arbitrary: extRecord },
  { weight: 1, arbitrary: mchkRecord },
  { weight: 1, arbitrary: fc.constant(RAW(0xfffe0001)) },
);
const addr = fc.constantFrom(0n, 0x1000n, 0x2000n, 0x2_0000_0000n);
const cpuArb = (maxVcpus: number): fc.Arbitrary<CpuState> =>
  fc.record({
    cpuId: fc.integer({ min: 0, max: maxVcpus - 1 }),
    cr6: fc.constantFrom(0xff000000n, 0x80000000n, 0n),
    cr0: fc.constantFrom(0x6e00n, 0n),
    localPending: fc.constantFrom(0n, 1n << 24n, 1n << 20n),
  }).map((c) => cpu(c));

export function stateOpArb(config: Pick<VmConfig, 'maxVcpus'>): fc.Arbitrary<StateOp> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('enqueue' as const), records: fc.array(record, { minLength: 1, maxLength: 5 }).map((r) => cat(...r)), raw: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('clearIo' as const), sid: fc.constant(0xfe01), nr }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clearAll' as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('register' as const), id: fc.integer({ min: 0, max: 4 }), isc: fc.integer({ min: 0, max: 9 }), flags: fc.integer({ min: 0, max: 3 }), maskable: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('modify' as const), id: fc.integer({ min: 0, max: 4 }), type: fc.integer({ min: 1, max: 3 }), mask: fc.boolean(), addr }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('airq' as const), id: fc.integer({ min: 0, max: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('aism' as const), isc: fc.integer({ min: 0, max: 7 }), mode: fc.integer({ min: 0, max: 1 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('aismAll' as const), simm: fc.integer({ min: 0, max: 255 }), nimm: fc.integer({ min: 0, max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('getAll' as const), len: fc.constantFrom(72n, 144n, 0x2000000n) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('apf' as const), enable: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('deliver' as const), cpu: cpuArb(config.maxVcpus) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('tpi' as const), mask: fc.constantFrom(0xff000000, 0x80000000, 0x10000000) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('tsch' as const), schid: nr.map((n) => ((0xfe01 << 16) | n) >>> 0) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('reinject' as const), isc: fc.integer({ min: 0, max: 7 }), nr }) },
    { weight: 1, arbitrary: fc.constant({ op: 'pvSclp' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wait' as const), cpuId: fc.integer({ min: 0, max: config.maxVcpus - 1 }) }) },
  );
}

/** The vCPU of a wait that can take nothing: every mask closed. */
function closed(cpuId: number): CpuState {
  return { pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId };
}

/** One call; a device error is a normal outcome here (the state-building calls may fail). */
export async function applyStateOp(vm: FlicApi, o: StateOp): Promise<string> {
  try {
    await applyOne(vm, o);
    return 'ok';
  } catch (err) {
    if (err instanceof KvmError) return err.errnoName;
    throw err;
  }
}

async function applyOne(vm: FlicApi, o: StateOp): Promise<void> {
  const set = (group: number, attr: bigint, data: Uint8Array = new Uint8Array(0)) => vm.setAttr({ flags: 0, group, attr, data, badAddr: false });
  switch (o.op) {
    case 'enqueue':
      if (o.raw) await set(2, BigInt(o.records.length), o.records);
      else await vm.enqueue(decodeIrqs(o.records));
      return;
    case 'clearIo':
      await vm.clearIoIrq(o.sid, o.nr);
      return;
    case 'clearAll':
      await vm.clearIrqs();
      return;
    case 'register':
      await vm.adapterRegister({ id: o.id, isc: o.isc, maskable: o.maskable, swap: false, flags: o.flags });
      return;
    case 'modify':
      await vm.adapterModify({ id: o.id, type: o.type, mask: o.mask, addr: o.addr });
      return;
    case 'airq':
      await vm.airqInject(BigInt(o.id));
      return;
    case 'aism':
      await vm.aism(o.isc, o.mode);
      return;
    case 'aismAll':
      await vm.setAismAll({ simm: o.simm, nimm: o.nimm });
      return;
    case 'getAll':
      await vm.getAllIrqs(o.len);
      return;
    case 'apf':
      await (o.enable ? vm.apfEnable() : vm.apfDisableWait());
      return;
    case 'deliver':
      await vm.deliver(o.cpu);
      return;
    case 'tpi':
      await vm.tpi(o.mask);
      return;
    case 'tsch':
      await vm.tsch(o.schid);
      return;
    case 'reinject':
      await vm.reinjectIo({ kind: 'io', type: 0x00010001n, subchannelId: 0xfe01, subchannelNr: o.nr, ioIntParm: 7, ioIntWord: (o.isc << 27) >>> 0 });
      return;
    case 'pvSclp':
      await vm.pvSclpIntercept();
      return;
    case 'wait':
      // In process the device only records the scan position; a server's wait of 1 ms does that too.
      if (vm instanceof Vm) vm.beginWait(o.cpuId);
      else await vm.deliver(closed(o.cpuId), { waitMs: 1 });
      return;
  }
}

/** Configurations that together use every setting (issue 14: ais, gisa, ucontrol, protected, maxVcpus, map modes, both profiles). */
export const CONFIGS: readonly (readonly [string, Partial<VmConfig>])[] = [
  ['default', {}],
  ['ais', { ais: true }],
  ['gisa', { gisa: true }],
  ['ais+gisa', { ais: true, gisa: true }],
  ['ucontrol', { ucontrol: true }],
  ['protected', { protected: true }],
  ['protected+tracked', { protected: true, adapterMapMode: 'tracked', guestMemory: [{ start: 0x1000n, size: 0x10000n }] }],
  ['maxVcpus 1', { maxVcpus: 1 }],
  ['maxVcpus 3', { maxVcpus: 3 }],
  ['legacy', { adapterMapMode: 'legacy' }],
  ['tracked', { adapterMapMode: 'tracked', guestMemory: [{ start: 0x1000n, size: 0x10000n }, { start: 0x2_0000_0000n, size: 0x1000n }] }],
  ['original', { profile: 'original' }],
  ['original maxVcpus 2', { profile: 'original', maxVcpus: 2 }],
];

/** A state that uses every part the configuration allows (the scripted round trip of each config). */
export function richState(config: Partial<VmConfig>): StateOp[] {
  const ops: StateOp[] = [
    { op: 'enqueue', raw: true, records: cat(IO(0x03f80005, 0xfe01, 1, 0xa1, 0x18000000), IO(0x00010001, 0xfe01, 2, 0xb2, 0x38000000), IO(0x03f80005, 0xfe01, 3, 0xc3, 0)) },
    { op: 'enqueue', raw: false, records: cat(EXT(0xffff2603, 1, 2, 3n), EXT(0xfffe0005, 4, 5, 6n), EXT(0xffff2401, 0x1230, 0, 0n), MCHK(0x10000000n, 0x8000n)) },
    { op: 'enqueue', raw: true, records: cat(EXT(0xffff2401, 0x1, 0, 0n), MCHK(0xffn, 0x1n), EXT(0xfffe0004, 9, 0, 0n)) },
    { op: 'register', id: 0, isc: 3, flags: 1, maskable: true },
    { op: 'register', id: 5, isc: 9, flags: 0, maskable: false },
    { op: 'modify', id: 0, type: 1, mask: true, addr: 0n },
    { op: 'modify', id: 0, type: 2, mask: false, addr: 0x1000n },
    { op: 'modify', id: 0, type: 2, mask: false, addr: 0x2000n },
    { op: 'modify', id: 0, type: 2, mask: false, addr: 0x1000n },
    { op: 'aism', isc: 3, mode: 1 },
    { op: 'airq', id: 0 },
    { op: 'airq', id: 5 },
    { op: 'aismAll', simm: 0x90, nimm: 0x10 },
    { op: 'apf', enable: true },
    { op: 'tpi', mask: 0x10000000 },
    { op: 'tsch', schid: ((0xfe01 << 16) | 3) >>> 0 },
    { op: 'deliver', cpu: cpu({ cpuId: 0, cr6: 0n }) },
    { op: 'deliver', cpu: OPEN },
    { op: 'wait', cpuId: Math.min(2, (config.maxVcpus ?? 255) - 1) },
    { op: 'enqueue', raw: true, records: cat(IO(0x04000000, 0, 0, 0, 0x90000000), IO(0x04000000, 0, 0, 0, 0xa8000000)) },
  ];
  return ops;
}

/** Random calls for a VM of that configuration, from a fixed seed (reproducible). */
export function randomOps(config: Partial<VmConfig>, seed: number, count: number): StateOp[] {
  return fc.sample(stateOpArb({ maxVcpus: config.maxVcpus ?? 255 }), { seed, numRuns: count });
}

/** The configuration of the i-th VM of a mixed farm. */
export function mixedConfig(i: number): Partial<VmConfig> {
  return CONFIGS[i % CONFIGS.length]![1];
}
