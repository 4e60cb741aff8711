// A read-only view of a current kernel's FLIC state, for harnesses (Vm.inspect()).
import {
  ISC_COUNT,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_VIRTIO,
  join64,
  subchannelIdOf,
  subchannelNrOf,
} from '../abi/index.js';
import type { EngineInspection } from '../engine.js';
import type { Irq, VmConfig } from '../types.js';
import type { CurrentState } from './currentState.js';
import type { ExtEntryVisitor } from './extQueue.js';

function extIrqs(type: number, forEach: (visit: ExtEntryVisitor) => void): Irq[] {
  const out: Irq[] = [];
  forEach((extParams, pad, hi, lo) => {
    out.push({ kind: 'ext', type: BigInt(type), extParams, pad, extParams2: join64(hi, lo) });
  });
  return out;
}

export function inspectCurrent(state: CurrentState, config: VmConfig): EngineInspection {
  const io: Irq[][] = [];
  for (let isc = 0; isc < ISC_COUNT; isc++) {
    const queue: Irq[] = [];
    state.forEachIo(isc, (type, schid, ioIntParm, ioIntWord) => {
      queue.push({
        kind: 'io',
        type: BigInt(type),
        subchannelId: subchannelIdOf(schid),
        subchannelNr: subchannelNrOf(schid),
        ioIntParm,
        ioIntWord,
      });
    });
    io.push(queue);
  }
  return {
    io,
    gisaIpm: config.gisa ? state.gisaIpm : null,
    pfaultDone: extIrqs(KVM_S390_INT_PFAULT_DONE, (visit) => state.forEachPfaultDone(visit)),
    virtio: extIrqs(KVM_S390_INT_VIRTIO, (visit) => state.forEachVirtio(visit)),
    service: state.serviceState(),
    machineCheck: state.machineCheckState(),
    list: null,
    ais: { ...state.aisMasks(), facility: config.ais },
    adapters: state.adapterStates(),
    apfEnabled: state.apfEnabled,
    maskedIrqs: state.maskedIrqs,
    waitScanStart: state.waitScanStart,
  };
}
