// A read-only view of a current kernel's FLIC state, for harnesses (Vm.inspect()), with each queue
// as the kernel records GET_ALL_IRQS would write for it.
import {
  ISC_COUNT,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_IRQ_SIZE,
  writeExtRecord,
  writeIoRecord,
} from '../abi/index.js';
import type { EngineInspection } from '../engine.js';
import type { VmConfig } from '../types.js';
import type { CurrentState } from './currentState.js';
import type { ExtEntryVisitor } from './extQueue.js';

function extRecords(type: number, count: number, forEach: (visit: ExtEntryVisitor) => void): Uint8Array {
  const out = new Uint8Array(count * KVM_S390_IRQ_SIZE);
  const dv = new DataView(out.buffer);
  let o = 0;
  forEach((extParams, pad, hi, lo) => {
    writeExtRecord(dv, o, type, extParams, pad, hi, lo);
    o += KVM_S390_IRQ_SIZE;
  });
  return out;
}

export function inspectCurrent(state: CurrentState, config: VmConfig): EngineInspection {
  const depths = state.depths();
  const io: Uint8Array[] = [];
  for (let isc = 0; isc < ISC_COUNT; isc++) {
    const queue = new Uint8Array((depths.io[isc] ?? 0) * KVM_S390_IRQ_SIZE);
    const dv = new DataView(queue.buffer);
    let o = 0;
    state.forEachIo(isc, (type, schid, parm, word) => {
      writeIoRecord(dv, o, type, schid, parm, word);
      o += KVM_S390_IRQ_SIZE;
    });
    io.push(queue);
  }
  return {
    io,
    gisaIpm: config.gisa ? state.gisaIpm : null,
    pfaultDone: extRecords(KVM_S390_INT_PFAULT_DONE, depths.pfault, (visit) => state.forEachPfaultDone(visit)),
    virtio: extRecords(KVM_S390_INT_VIRTIO, depths.virtio, (visit) => state.forEachVirtio(visit)),
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
