// The VMs the measurements address on flic (the baseline keeps no state and accepts any id).

import { KVM_DEV_TYPE_FLIC } from '../../src/device/index.js';
import type { FlicClient } from '../../src/client/index.js';

/** Unary and batched ENQUEUE target. */
export const BENCH_VM = 'bench';
/** AIRQ_INJECT target: one adapter registered. */
export const AIRQ_VM = 'airq';
export const AIRQ_ADAPTER = { id: 0, isc: 3, maskable: false, swap: false, flags: 0 } as const;
/** GET_ALL_IRQS target: a full I/O queue. */
export const FULL_VM = 'full';
/** Cost-growth target: the pinned queue and the probe subchannel. */
export const DEPTH_VM = 'depth';

export async function createFlicVm(client: FlicClient, id: string): Promise<void> {
  await client.createVm(id);
  await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
}

export async function createBenchVms(client: FlicClient): Promise<void> {
  for (const id of [BENCH_VM, AIRQ_VM, FULL_VM, DEPTH_VM]) await createFlicVm(client, id);
  await client.vm(AIRQ_VM).adapterRegister(AIRQ_ADAPTER);
}

/** Empties every queue of the bench VMs (CLEAR_IRQS), so rounds start from the same state. */
export async function clearBenchVms(client: FlicClient, ids: readonly string[] = [BENCH_VM, AIRQ_VM]): Promise<void> {
  for (const id of ids) await client.vm(id).clearIrqs();
}
