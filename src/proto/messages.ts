// Conversions between the device's TypeScript types and the flic.v1 messages, used in both
// directions by the server and by the client. They only change representation (uint64 strings ⇄
// bigint, enum names ⇄ string unions): range checks belong to the device's encoders, which
// answer EINVAL for a value that does not fit its kernel field.

import { KVM_MAX_VCPUS, OP_VM } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type {
  AdapterConfig,
  AdapterMapMode,
  AdapterRequest,
  GuestMemoryRange,
  Irq,
  KernelProfile,
  VmConfig,
} from '../device/types.js';
import type { Interrupt, Interrupt__Output } from '../gen/flic/v1/Interrupt.js';
import type { IoAdapter, IoAdapter__Output } from '../gen/flic/v1/IoAdapter.js';
import type { IoAdapterReq, IoAdapterReq__Output } from '../gen/flic/v1/IoAdapterReq.js';
import type { KernelProfile__Output } from '../gen/flic/v1/KernelProfile.js';
import type { AdapterMapMode__Output } from '../gen/flic/v1/AdapterMapMode.js';
import type { VmConfig as VmConfigMessage, VmConfig__Output } from '../gen/flic/v1/VmConfig.js';

const EMPTY = new Uint8Array(0);

/** A plain Uint8Array view of decoded bytes (the device's types hold Uint8Array, not Buffer). */
export function bytesView(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * A uint64 for protobufjs: a number when it is exact (protobufjs converts numbers much faster
 * than decimal strings), a decimal string otherwise.
 */
export function u64(v: bigint): number | string {
  return v <= SAFE ? Number(v) : v.toString();
}
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// ---- Interrupts ---------------------------------------------------------------------------------

/** A decoded Interrupt message as the device's Irq. An unset payload is an all-zero union. */
export function irqFromMessage(m: Interrupt__Output): Irq {
  const type = BigInt(m.type);
  switch (m.payload) {
    case 'io': {
      const p = m.io!;
      return {
        kind: 'io',
        type,
        subchannelId: p.subchannelId,
        subchannelNr: p.subchannelNr,
        ioIntParm: p.ioIntParm,
        ioIntWord: p.ioIntWord,
      };
    }
    case 'ext': {
      const p = m.ext!;
      return { kind: 'ext', type, extParams: p.extParams, pad: p.pad, extParams2: BigInt(p.extParams2) };
    }
    case 'mchk': {
      const p = m.mchk!;
      return {
        kind: 'mchk',
        type,
        cr14: BigInt(p.cr14),
        mcic: BigInt(p.mcic),
        failingStorageAddress: BigInt(p.failingStorageAddress),
        extDamageCode: p.extDamageCode,
        pad: p.pad,
        fixedLogout: bytesView(p.fixedLogout),
      };
    }
    case 'raw':
      return { kind: 'raw', type, payload: bytesView(m.raw!) };
    default:
      return { kind: 'raw', type, payload: EMPTY };
  }
}

export function irqsFromMessages(ms: readonly Interrupt__Output[]): Irq[] {
  const out = new Array<Irq>(ms.length);
  for (let i = 0; i < ms.length; i++) out[i] = irqFromMessage(ms[i]!);
  return out;
}

/** The device's Irq as an Interrupt message. */
export function irqToMessage(irq: Irq): Interrupt {
  const type = u64(irq.type);
  switch (irq.kind) {
    case 'io':
      return {
        type,
        io: {
          subchannelId: irq.subchannelId,
          subchannelNr: irq.subchannelNr,
          ioIntParm: irq.ioIntParm,
          ioIntWord: irq.ioIntWord,
        },
      };
    case 'ext':
      return { type, ext: { extParams: irq.extParams, pad: irq.pad, extParams2: u64(irq.extParams2) } };
    case 'mchk':
      return {
        type,
        mchk: {
          cr14: u64(irq.cr14),
          mcic: u64(irq.mcic),
          failingStorageAddress: u64(irq.failingStorageAddress),
          extDamageCode: irq.extDamageCode,
          pad: irq.pad,
          fixedLogout: irq.fixedLogout,
        },
      };
    case 'raw':
      return { type, raw: irq.payload };
  }
}

export function irqsToMessages(irqs: readonly Irq[]): Interrupt[] {
  const out = new Array<Interrupt>(irqs.length);
  for (let i = 0; i < irqs.length; i++) out[i] = irqToMessage(irqs[i]!);
  return out;
}

// ---- VM configuration ---------------------------------------------------------------------------

const PROFILE_FROM_MESSAGE: Readonly<Record<KernelProfile__Output, KernelProfile>> = {
  KERNEL_PROFILE_CURRENT: 'current',
  KERNEL_PROFILE_ORIGINAL: 'original',
};
const PROFILE_TO_MESSAGE: Readonly<Record<KernelProfile, KernelProfile__Output>> = {
  current: 'KERNEL_PROFILE_CURRENT',
  original: 'KERNEL_PROFILE_ORIGINAL',
};
const MAP_MODE_FROM_MESSAGE: Readonly<Record<AdapterMapMode__Output, AdapterMapMode>> = {
  ADAPTER_MAP_MODE_NOOP: 'noop',
  ADAPTER_MAP_MODE_LEGACY: 'legacy',
  ADAPTER_MAP_MODE_TRACKED: 'tracked',
};
const MAP_MODE_TO_MESSAGE: Readonly<Record<AdapterMapMode, AdapterMapMode__Output>> = {
  noop: 'ADAPTER_MAP_MODE_NOOP',
  legacy: 'ADAPTER_MAP_MODE_LEGACY',
  tracked: 'ADAPTER_MAP_MODE_TRACKED',
};

/** Looks an enum name up; a number the contract does not define (a newer client) is EINVAL. */
export function enumValue<K extends string, V>(table: Readonly<Record<K, V>>, name: K, what: string, group: string = OP_VM): V {
  const v = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (v === undefined) throw new KvmError('EINVAL', group, `unknown ${what} ${String(name)}`);
  return v;
}

export function profileFromMessage(p: KernelProfile__Output): KernelProfile {
  return enumValue(PROFILE_FROM_MESSAGE, p, 'kernel profile');
}

export function profileToMessage(p: KernelProfile): KernelProfile__Output {
  return PROFILE_TO_MESSAGE[p];
}

/** A complete VmConfig from its message (max_vcpus 0 means 255, no ranges means none given). */
export function vmConfigFromMessage(m: VmConfig__Output): VmConfig {
  return {
    ais: m.ais,
    gisa: m.gisa,
    ucontrol: m.ucontrol,
    protected: m.protected,
    maxVcpus: m.maxVcpus === 0 ? KVM_MAX_VCPUS : m.maxVcpus,
    profile: profileFromMessage(m.profile),
    adapterMapMode: enumValue(MAP_MODE_FROM_MESSAGE, m.adapterMapMode, 'adapter map mode'),
    guestMemory:
      m.guestMemory.length === 0
        ? null
        : m.guestMemory.map((r): GuestMemoryRange => ({ start: BigInt(r.start), size: BigInt(r.size) })),
  };
}

/**
 * A (partial) VmConfig as its message; omitted fields take the proto defaults, which are the
 * device's defaults. An empty guestMemory list cannot be told from "not given" on the wire.
 */
export function vmConfigToMessage(c: Partial<VmConfig>): VmConfigMessage {
  return {
    ais: c.ais ?? false,
    gisa: c.gisa ?? false,
    ucontrol: c.ucontrol ?? false,
    protected: c.protected ?? false,
    maxVcpus: c.maxVcpus ?? 0,
    profile: PROFILE_TO_MESSAGE[c.profile ?? 'current'],
    adapterMapMode: MAP_MODE_TO_MESSAGE[c.adapterMapMode ?? 'noop'],
    guestMemory: (c.guestMemory ?? []).map((r) => ({ start: u64(r.start), size: u64(r.size) })),
  };
}

// ---- Adapters -----------------------------------------------------------------------------------

export function adapterFromMessage(m: IoAdapter__Output | null): AdapterConfig {
  if (m === null) return { id: 0, isc: 0, maskable: false, swap: false, flags: 0 };
  return { id: m.id, isc: m.isc, maskable: m.maskable, swap: m.swap, flags: m.flags };
}

export function adapterToMessage(a: AdapterConfig): IoAdapter {
  return { id: a.id, isc: a.isc, maskable: a.maskable, swap: a.swap, flags: a.flags };
}

export function adapterRequestFromMessage(m: IoAdapterReq__Output | null): AdapterRequest {
  if (m === null) return { id: 0, type: 0, mask: false, addr: 0n };
  return { id: m.id, type: m.type, mask: m.mask, addr: BigInt(m.addr) };
}

export function adapterRequestToMessage(r: AdapterRequest): IoAdapterReq {
  return { id: r.id, type: r.type, mask: r.mask, addr: u64(r.addr) };
}
