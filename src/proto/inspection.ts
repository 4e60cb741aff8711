// FlicInspection ⇄ InspectResponse. Nullable parts of the inspection travel without a presence
// bit: gisaIpm exists exactly when the VM has a GISA, and the single list exactly with the
// original profile, so the receiver restores null from the configuration.

import type {
  AdapterState,
  FlicCounters,
  FlicInspection,
  FlicInspectionOf,
  LimitedCounter,
  QueueDepths,
} from '../device/types.js';
import type { AdapterState__Output } from '../gen/flic/v1/AdapterState.js';
import type { FlicCounters as FlicCountersMessage, FlicCounters__Output } from '../gen/flic/v1/FlicCounters.js';
import type { InspectResponse, InspectResponse__Output } from '../gen/flic/v1/InspectResponse.js';
import type { LimitedCounter__Output } from '../gen/flic/v1/LimitedCounter.js';
import type { QueueDepths__Output } from '../gen/flic/v1/QueueDepths.js';
import {
  adapterToMessage,
  irqsFromMessages,
  irqsToMessages,
  profileFromMessage,
  profileToMessage,
  u64,
  vmConfigFromMessage,
  vmConfigToMessage,
} from './messages.js';

function countersToMessage(c: Readonly<FlicCounters>): FlicCountersMessage {
  return {
    injectedIo: c.injectedIo,
    injectedAdapter: c.injectedAdapter,
    injectedVirtio: c.injectedVirtio,
    injectedPfault: c.injectedPfault,
    injectedService: c.injectedService,
    injectedMchk: c.injectedMchk,
    suppressed: c.suppressed,
    cleared: c.cleared,
    coalesced: c.coalesced,
    tpiHits: c.tpiHits,
    tpiMisses: c.tpiMisses,
    tschHits: c.tschHits,
    tschMisses: c.tschMisses,
    reinjected: c.reinjected,
    delivered: c.delivered,
    deliveredLocal: c.deliveredLocal,
  };
}

function countersFromMessage(m: FlicCounters__Output | null): FlicCounters {
  const n = (v: string | undefined): number => Number(v ?? 0);
  return {
    injectedIo: n(m?.injectedIo),
    injectedAdapter: n(m?.injectedAdapter),
    injectedVirtio: n(m?.injectedVirtio),
    injectedPfault: n(m?.injectedPfault),
    injectedService: n(m?.injectedService),
    injectedMchk: n(m?.injectedMchk),
    suppressed: n(m?.suppressed),
    cleared: n(m?.cleared),
    coalesced: n(m?.coalesced),
    tpiHits: n(m?.tpiHits),
    tpiMisses: n(m?.tpiMisses),
    tschHits: n(m?.tschHits),
    tschMisses: n(m?.tschMisses),
    reinjected: n(m?.reinjected),
    delivered: (m?.delivered ?? []).map(Number),
    deliveredLocal: (m?.deliveredLocal ?? []).map(Number),
  };
}

function limitFromMessage(m: LimitedCounter__Output | null | undefined): LimitedCounter {
  return { count: m?.count ?? 0, limit: m?.limit ?? 0 };
}

function depthsFromMessage(m: QueueDepths__Output | null): QueueDepths {
  return {
    io: m?.io ?? [],
    gisa: m?.gisa ?? [],
    virtio: m?.virtio ?? 0,
    pfault: m?.pfault ?? 0,
    service: m?.service ?? 0,
    mchk: m?.mchk ?? 0,
    total: m?.total ?? 0,
  };
}

function adapterStateFromMessage(m: AdapterState__Output): AdapterState {
  const a = m.adapter;
  return {
    id: a?.id ?? 0,
    isc: a?.isc ?? 0,
    maskable: a?.maskable ?? false,
    swap: a?.swap ?? false,
    flags: a?.flags ?? 0,
    suppressible: m.suppressible,
    masked: m.masked,
    mappings: m.mappings.map(BigInt),
    mapCounter: m.mapCounter,
  };
}

export function inspectionToMessage(i: FlicInspection): InspectResponse {
  return {
    ...inspectionSummaryToMessage(i),
    io: i.io.map((irqs, isc) => ({ isc, irqs: irqsToMessages(irqs) })),
    pfaultDone: irqsToMessages(i.pfaultDone),
    virtio: irqsToMessages(i.virtio),
    list: i.list === null ? [] : irqsToMessages(i.list),
  };
}

/** Every field of the message except the lists of interrupts (encodedReplies.ts writes those itself). */
export function inspectionSummaryToMessage(
  i: FlicInspectionOf<unknown>,
): Omit<InspectResponse, 'io' | 'pfaultDone' | 'virtio' | 'list'> {
  return {
    profile: profileToMessage(i.profile),
    config: vmConfigToMessage(i.config),
    gisaIpm: i.gisaIpm ?? 0,
    service: i.service,
    machineCheck: {
      pending: i.machineCheck.pending,
      cr14: u64(i.machineCheck.cr14),
      mcic: u64(i.machineCheck.mcic),
    },
    ais: i.ais,
    adapters: i.adapters.map((a) => ({
      adapter: adapterToMessage(a),
      suppressible: a.suppressible,
      masked: a.masked,
      mappings: a.mappings.map(u64),
      mapCounter: a.mapCounter,
    })),
    apfEnabled: i.apfEnabled,
    limits: i.limits,
    depths: { ...i.depths, io: [...i.depths.io], gisa: [...i.depths.gisa] },
    counters: countersToMessage(i.counters),
    maskedIrqs: i.maskedIrqs,
    waitScanStart: i.waitScanStart,
  };
}

export function inspectionFromMessage(m: InspectResponse__Output): FlicInspection {
  const profile = profileFromMessage(m.profile);
  const config = m.config === null ? vmConfigFromMessage(emptyConfig(m)) : vmConfigFromMessage(m.config);
  const io = m.io.slice().sort((a, b) => a.isc - b.isc);
  return {
    profile,
    config,
    io: io.map((q) => irqsFromMessages(q.irqs)),
    gisaIpm: config.gisa ? m.gisaIpm : null,
    pfaultDone: irqsFromMessages(m.pfaultDone),
    virtio: irqsFromMessages(m.virtio),
    service: {
      pending: m.service?.pending ?? false,
      sccbPending: m.service?.sccbPending ?? false,
      eventPending: m.service?.eventPending ?? false,
      extParams: m.service?.extParams ?? 0,
    },
    machineCheck: {
      pending: m.machineCheck?.pending ?? false,
      cr14: BigInt(m.machineCheck?.cr14 ?? 0),
      mcic: BigInt(m.machineCheck?.mcic ?? 0),
    },
    list: profile === 'original' ? irqsFromMessages(m.list) : null,
    ais: { facility: m.ais?.facility ?? false, simm: m.ais?.simm ?? 0, nimm: m.ais?.nimm ?? 0 },
    adapters: m.adapters.map(adapterStateFromMessage),
    apfEnabled: m.apfEnabled,
    limits: {
      io: limitFromMessage(m.limits?.io),
      virtio: limitFromMessage(m.limits?.virtio),
      pfault: limitFromMessage(m.limits?.pfault),
    },
    depths: depthsFromMessage(m.depths),
    counters: countersFromMessage(m.counters),
    maskedIrqs: Number(m.maskedIrqs),
    waitScanStart: m.waitScanStart,
  };
}

/** The all-default configuration message (a server always sends one; this only guards decoding). */
function emptyConfig(m: InspectResponse__Output): NonNullable<InspectResponse__Output['config']> {
  return {
    ais: false,
    gisa: false,
    ucontrol: false,
    protected: false,
    maxVcpus: 0,
    profile: m.profile,
    adapterMapMode: 'ADAPTER_MAP_MODE_NOOP',
    guestMemory: [],
  };
}
