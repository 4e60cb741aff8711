// What each flic.v1.Flic RPC does, as authorization sees it: whether it changes anything (a
// read-only grant refuses it), whether it creates its VM (the VM quota, and who owns the VM), and
// how many pending interrupts it may add at most (the pending-interrupt quota). One row per RPC;
// a method of the contract without a row fails to compile.
//
// "Changes nothing" means the VM's state is the same after the call: GET groups and HAS, Inspect,
// a TEST create, a dry-run Deliver. Taking an interrupt (Deliver, TPI, TSCH) changes the queues,
// so it needs write access like an injection does.

import {
  KVM_CREATE_DEVICE_TEST,
  KVM_DEV_FLIC_AIRQ_INJECT,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_S390_IRQ_SIZE,
} from '../../device/abi/index.js';
import type { DeviceAttrRequest__Output } from '../../gen/flic/v1/DeviceAttrRequest.js';
import type { FlicMethodName } from '../../proto/flicMethods.js';
import type { FlicRequestOf } from '../../proto/flicRequests.js';

export type Access = 'read' | 'write';

export interface RpcRule<Req> {
  /** Whether the call changes anything (read-only grants refuse 'write'). */
  readonly access: Access | ((request: Req) => Access);
  /** ListVms: no VM of its own; it answers only the VMs the caller may reach. */
  readonly lists?: true;
  /** The call brings its VM into being: the caller must have VM quota left and owns the VM. */
  readonly creates?: true | ((request: Req) => boolean);
  /** The most pending interrupts the call can add (charged to the VM's owner's quota). */
  readonly adds?: (request: Req) => number;
  /** The VM the call acts on, when it is not the request's vm_id (an import's target). */
  readonly vmIdOf?: (request: Req) => string;
}

const ONE = (): number => 1;

/**
 * Raw SET: ENQUEUE adds at most the records its length and its data cover (a negative length makes
 * the kernel read on until the data ends), AIRQ_INJECT one; every other group adds none.
 */
function rawSetAdds(r: DeviceAttrRequest__Output): number {
  if (r.group === KVM_DEV_FLIC_AIRQ_INJECT) return 1;
  if (r.group !== KVM_DEV_FLIC_ENQUEUE) return 0;
  const len = Number(BigInt.asIntN(32, BigInt(r.attr)));
  const readable = len < 0 ? r.data.length : Math.min(len, r.data.length);
  return Math.floor(readable / KVM_S390_IRQ_SIZE);
}

export const RPC_RULES: { readonly [M in FlicMethodName]: RpcRule<FlicRequestOf<M>> } = {
  CreateVm: { access: 'write', creates: true },
  DeleteVm: { access: 'write' },
  ListVms: { access: 'read', lists: true },
  CreateDevice: { access: (r) => ((r.flags & KVM_CREATE_DEVICE_TEST) !== 0 ? 'read' : 'write') },
  SetDeviceAttr: { access: 'write', adds: rawSetAdds },
  GetDeviceAttr: { access: 'read' },
  HasDeviceAttr: { access: 'read' },
  GetAllIrqs: { access: 'read' },
  Enqueue: { access: 'write', adds: (r) => r.count },
  ClearIrqs: { access: 'write' },
  ApfEnable: { access: 'write' },
  ApfDisableWait: { access: 'write' },
  AdapterRegister: { access: 'write' },
  AdapterModify: { access: 'write' },
  ClearIoIrq: { access: 'write' },
  Aism: { access: 'write' },
  AirqInject: { access: 'write', adds: ONE },
  GetAismAll: { access: 'read' },
  SetAismAll: { access: 'write' },
  Inspect: { access: 'read' },
  Deliver: { access: (r) => (r.dryRun ? 'read' : 'write') },
  Tpi: { access: 'write' },
  Tsch: { access: 'write' },
  ReinjectIo: { access: 'write', adds: ONE },
  PvSclpIntercept: { access: 'write', adds: ONE },
  ExportVm: { access: 'read' },
  // FLIC format creates its VM; QEMU format loads into an existing one. Either adds at most the
  // 72-byte records its blob can hold.
  ImportVm: { access: 'write', creates: (r) => r.format !== 'STATE_FORMAT_QEMU', adds: (r) => Math.floor(r.state.length / KVM_S390_IRQ_SIZE) },
};

/** Whether a call of this rule creates its VM. */
export function createsOf(rule: RpcRule<unknown>, request: unknown): boolean {
  return typeof rule.creates === 'function' ? rule.creates(request) : rule.creates === true;
}

/** The rule of one method, for a request the strict decoder produced for it. */
export function ruleOf(method: FlicMethodName): RpcRule<unknown> {
  return RPC_RULES[method] as RpcRule<unknown>;
}

export function accessOf(rule: RpcRule<unknown>, request: unknown): Access {
  return typeof rule.access === 'string' ? rule.access : rule.access(request);
}
