// The twin-VM comparison of the state-directory tests (issue 14): every call goes to a VM of a
// server and to its twin in an in-process VmRegistry, and must answer alike; after a restart of the
// server, each VM must export exactly the bytes its twin exports (the FLIC format is canonical, so
// equal bytes are equal states) and read back the same GET_ALL_IRQS.
import { expect } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, KVM_S390_FLIC_MAX_BUFFER, VmRegistry, type VmConfig } from '../../src/device/index.js';
import { expectSameBytes } from './bytes.js';
import { applyStateOp, type StateOp } from './stateOps.js';

export class TwinFarm {
  readonly twins = new VmRegistry({ maxVms: 1_000_000 });

  /** The same VM on the server (through `client`) and in the twin registry. */
  async create(client: FlicClient, id: string, config: Partial<VmConfig>, withFlic: boolean): Promise<void> {
    await client.createVm(id, config);
    this.twins.createVm(id, config);
    if (!withFlic) return;
    await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
    this.twins.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
  }

  /** One call on both; their answers (ok or errno) must agree. */
  async apply(client: FlicClient, id: string, op: StateOp): Promise<void> {
    const remote = await applyStateOp(client.vm(id), op);
    const twin = await applyStateOp(this.twins.vm(id), op);
    expect(remote, `${id}: ${op.op}`).toBe(twin);
  }

  async delete(client: FlicClient, id: string): Promise<void> {
    await client.deleteVm(id);
    this.twins.deleteVm(id);
  }

  /** Every VM of the server equals its twin, byte for byte, and lists in the same order. */
  async expectSame(client: FlicClient, concurrency = 32): Promise<void> {
    const ids = this.twins.listVms();
    expect(await client.listVms()).toEqual(ids);
    for (let i = 0; i < ids.length; i += concurrency) {
      await Promise.all(
        ids.slice(i, i + concurrency).map(async (id) => {
          expectSameBytes(await client.exportVm(id), this.twins.exportVm(id), `VM ${id}`);
        }),
      );
    }
  }

  /** GET_ALL_IRQS of every VM with a FLIC, on both (it takes GISA bits: on both alike). */
  async expectSameGetAll(client: FlicClient): Promise<void> {
    for (const id of this.twins.listVms()) {
      if (this.twins.vm(id).flic === null) continue;
      const len = BigInt(KVM_S390_FLIC_MAX_BUFFER);
      expect(await client.vm(id).getAllIrqs(len), id).toEqual(this.twins.vm(id).getAllIrqs(len));
    }
  }
}
