// Replaying a journaled change (vmChange.ts) through the entry point that made it. A VM-level call
// may fail again exactly as it failed the first time, after the same partial effect (an ENQUEUE
// that stopped at a full queue, a legacy MAP that used up a count): that KvmError is the call's
// answer, not a replay failure. A registry change (create, import, delete) succeeded when it was
// journaled, so its failure means the journal does not belong to this state: it is thrown.
import { KvmError } from '../errno.js';
import type { Vm } from '../vm.js';
import type { VmRegistry } from '../vmRegistry.js';
import type { VmChange } from './vmChange.js';

export function replayChange(vms: VmRegistry, vmId: string, change: VmChange): void {
  switch (change.op) {
    case 'createVm':
      vms.createVm(vmId, change.config);
      return;
    case 'deleteVm':
      vms.deleteVm(vmId);
      return;
    case 'importVm':
      vms.importVm(vmId, change.state);
      return;
    default:
      replayVmChange(vms.get(vmId), change);
  }
}

type VmLevelChange = Exclude<VmChange, { op: 'createVm' | 'deleteVm' | 'importVm' }>;

function replayVmChange(vm: Vm, change: VmLevelChange): void {
  try {
    applyVmChange(vm, change);
  } catch (err) {
    if (!(err instanceof KvmError)) throw err;
  }
}

function applyVmChange(vm: Vm, change: VmLevelChange): void {
  switch (change.op) {
    case 'createDevice':
      vm.createDevice(change.type, change.flags);
      return;
    case 'setAttr':
      vm.setAttr(change.call);
      return;
    case 'enqueue':
      vm.enqueue(change.irqs);
      return;
    case 'getAttr':
      vm.getAttr(change.call);
      return;
    case 'deliver':
      vm.deliver(change.cpu);
      return;
    case 'tpi':
      vm.tpi(change.iscMask);
      return;
    case 'tsch':
      vm.tsch(change.schid);
      return;
    case 'reinjectIo':
      vm.reinjectIo(change.irq);
      return;
    case 'pvSclpIntercept':
      vm.pvSclpIntercept();
      return;
    case 'beginWait':
      vm.beginWait(change.cpuId);
      return;
  }
}
