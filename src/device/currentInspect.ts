// A read-only snapshot of the current kernels' FLIC state, for harnesses (Flic.inspect()).
import {
  ISC_COUNT,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  join64,
} from './abi.js';
import type { CurrentFlic } from './currentFlic.js';
import type { EngineInspection } from './engine.js';
import type { ExtQueue } from './extQueue.js';
import type { Irq } from './types.js';

function extIrqs(q: ExtQueue, type: number): Irq[] {
  const out: Irq[] = [];
  q.forEach((extParams, pad, hi, lo) => {
    out.push({ kind: 'ext', type: BigInt(type), extParams, pad, extParams2: join64(hi, lo) });
  });
  return out;
}

export function snapshotCurrent(f: CurrentFlic): EngineInspection {
  const io: Irq[][] = [];
  for (let isc = 0; isc < ISC_COUNT; isc++) {
    const queue: Irq[] = [];
    f.io.forEach(isc, (type, schid, ioIntParm, ioIntWord) => {
      queue.push({ kind: 'io', type: BigInt(type), subchannelId: schid >>> 16, subchannelNr: schid & 0xffff, ioIntParm, ioIntWord });
    });
    io.push(queue);
  }
  return {
    io,
    gisaIpm: f.config.gisa ? f.gisaIpm : null,
    pfaultDone: extIrqs(f.pfault, KVM_S390_INT_PFAULT_DONE),
    virtio: extIrqs(f.virtio, KVM_S390_INT_VIRTIO),
    service: {
      pending: f.service.pending,
      sccbPending: f.service.sccbPending,
      eventPending: f.service.eventPending,
      extParams: f.service.word,
    },
    machineCheck: { pending: f.mchk.pending, cr14: BigInt(f.mchk.cr14Lo), mcic: join64(f.mchk.mcicHi, f.mchk.mcicLo) },
    list: null,
    ais: { simm: f.simm, nimm: f.nimm, facility: f.config.ais },
    adapters: f.adapters.states(),
    apfEnabled: f.apfEnabled,
    limits: {
      io: { count: f.io.count, limit: KVM_S390_MAX_FLOAT_IRQS },
      virtio: { count: f.virtio.count, limit: KVM_S390_MAX_VIRTIO_IRQS },
      pfault: { count: f.pfault.count, limit: f.pfaultLimit },
    },
  };
}
