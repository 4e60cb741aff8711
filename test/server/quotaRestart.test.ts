// Quotas across a restart with a state directory: a VM's creator is not part of its state, so the
// restored VMs go to the one principal whose grants reach them, and its quota counts them again
// (VMs and pending interrupts). A VM that several principals reach counts for nobody.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/abi/index.js';
import { KvmError } from '../../src/device/errno.js';
import { ioIrqs } from '../support/workload.js';
import { startLoggedService, tempDir } from './securityFixture.js';

const tmp = tempDir('flic-quota-restart-');
afterAll(() => tmp.cleanup());
const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const YAML = `version: 1
principals:
  - name: team-a
    identities: ["sha256:${sha('token-a')}"]
    vms: ["team-a/", "shared/"]
    quota: { vms: 2, pendingInterrupts: 10 }
  - name: team-b
    identities: ["sha256:${sha('token-b')}"]
    vms: ["shared/"]
  - name: ops
    identities: ["sha256:${sha('token-ops')}"]
    admin: true
`;

async function failure(p: Promise<unknown>): Promise<KvmError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(KvmError);
  return err as KvmError;
}

describe('quotas with a state directory', () => {
  it('count the restored VMs for the principal that owns their ids', async () => {
    const authzFile = join(tmp.dir, 'authz.yaml');
    writeFileSync(authzFile, YAML);
    const stateDir = join(tmp.dir, 'state');
    mkdirSync(stateDir);
    const config = { authzFile, stateDir, maxVms: 100 };

    const first = await startLoggedService(config);
    let a = new FlicClient(first.target, { token: 'token-a' });
    await a.createVm('team-a/1');
    await a.vm('team-a/1').createDevice(KVM_DEV_TYPE_FLIC);
    await a.vm('team-a/1').enqueue(ioIrqs(8, 1));
    await a.createVm('shared/1');
    a.close();
    await first.service.stop();

    const second = await startLoggedService(config);
    try {
      expect(second.logs.find((l) => l['msg'] === 'flic state: restored VMs given to the principals that own their ids')).toMatchObject({
        adopted: 1,
        unowned: 1,
      });
      a = new FlicClient(second.target, { token: 'token-a' });
      // team-a/1 counts again: one VM of two and 8 interrupts of 10.
      await a.createVm('team-a/2');
      expect(await failure(a.createVm('team-a/3'))).toMatchObject({ errnoName: 'ENOSPC', metadata: { quotaVms: '2', vmsHeld: '2' } });
      expect(await failure(a.vm('team-a/1').enqueue(ioIrqs(3, 2)))).toMatchObject({
        errnoName: 'ENOSPC',
        metadata: { quotaPendingInterrupts: '10', pendingInterruptsHeld: '8', pendingInterruptsRequested: '3' },
      });
      await a.vm('team-a/1').enqueue(ioIrqs(2, 2));
      a.close();
    } finally {
      await second.service.stop();
    }
  });
});
