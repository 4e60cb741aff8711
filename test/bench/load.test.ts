// The requests the bench sends with h2load are real gRPC calls: the same bytes, sent over plain
// HTTP/2 to a real flic server, are answered with grpc-status 0 and reach the device.

import { afterEach, describe, expect, it } from 'vitest';
import { KVM_DEV_TYPE_FLIC, KVM_S390_MAX_FLOAT_IRQS, joinSchid } from '../../src/device/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { bulkCalls } from '../../bench/load/bulkCalls.js';
import { grpcFrame, methodPath, serialize } from '../../bench/load/grpcFrame.js';
import { http2Load } from '../../bench/load/http2Load.js';
import { cpuStateToMessage } from '../../src/proto/delivery.js';
import { OPEN } from '../support/deliveryVectors.js';
import { ABSENT_SUBCHANNEL, ioIrq, ioSchid, probeIrq } from '../support/workload.js';
import { startTestServer, type TestServer } from '../server/fixture.js';

let running: TestServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('bench requests', () => {
  it('create VMs, enqueue and clear through raw gRPC frames', async () => {
    running = await startTestServer();
    const port = running.flic.port;
    const ids = ['a', 'b', 'c'];
    await bulkCalls(port, ids.map((vmId) => ({ path: methodPath('CreateVm'), vmId, frame: grpcFrame(serialize('CreateVm', { vmId })) })), 2);
    await bulkCalls(
      port,
      ids.map((vmId) => ({
        path: methodPath('CreateDevice'),
        vmId,
        frame: grpcFrame(serialize('CreateDevice', { vmId, type: KVM_DEV_TYPE_FLIC, flags: 0 })),
      })),
      2,
    );
    const enqueue = grpcFrame(serialize('Enqueue', { vmId: 'a', irqs: irqsToMessages([ioIrq(5), probeIrq]) }));
    await bulkCalls(port, [{ path: methodPath('Enqueue'), vmId: 'a', frame: enqueue }], 1);
    const clear = grpcFrame(
      serialize('ClearIoIrq', { vmId: 'a', subchannelId: probeIrq.subchannelId, subchannelNr: probeIrq.subchannelNr }),
    );
    await bulkCalls(port, [{ path: methodPath('ClearIoIrq'), vmId: 'a', frame: clear }], 1);
    expect(await running.client.listVms()).toEqual(ids);
    expect(await running.client.vm('a').getAllIrqs()).toEqual([ioIrq(5)]);
  });

  it('Deliver frames take one interrupt per call, as the delivery measurement counts on', async () => {
    running = await startTestServer();
    await running.client.createVm('d');
    const vm = running.client.vm('d');
    await vm.createDevice(KVM_DEV_TYPE_FLIC);
    await vm.enqueue([ioIrq(1), ioIrq(2), ioIrq(3)]);
    const frame = grpcFrame(serialize('Deliver', { vmId: 'd', cpu: cpuStateToMessage(OPEN), dryRun: false, waitMs: 0 }));
    await bulkCalls(running.flic.port, [0, 1].map(() => ({ path: methodPath('Deliver'), vmId: 'd', frame })), 1);
    expect(await vm.getAllIrqs()).toEqual([ioIrq(3)]);
  });

  it('reports a gRPC error as a failure', async () => {
    running = await startTestServer();
    const frame = grpcFrame(serialize('ClearIrqs', { vmId: 'nope' }));
    await expect(bulkCalls(running.flic.port, [{ path: methodPath('ClearIrqs'), vmId: 'nope', frame }], 1)).rejects.toThrow(
      /grpc-status 5/,
    );
  });
});

describe('bench workload', () => {
  it('a full queue names distinct subchannels, none of them the probe or the absent one', () => {
    const words = new Set(Array.from({ length: KVM_S390_MAX_FLOAT_IRQS }, (_, k) => ioSchid(k)));
    expect(words.size).toBe(KVM_S390_MAX_FLOAT_IRQS);
    expect(words.has(joinSchid(probeIrq.subchannelId, probeIrq.subchannelNr))).toBe(false);
    expect(words.has(joinSchid(ABSENT_SUBCHANNEL.subchannelId, ABSENT_SUBCHANNEL.subchannelNr))).toBe(false);
  });
});

describe("the bench's Node HTTP/2 load (section 9, for mutual TLS)", () => {
  it('counts only calls answered with grpc-status 0, and fails on any other', async () => {
    running = await startTestServer();
    await running.client.createVm('load');
    await running.client.vm('load').createDevice(KVM_DEV_TYPE_FLIC);
    const frame = grpcFrame(serialize('Enqueue', { vmId: 'load', irqs: irqsToMessages([ioIrq(5)]) }));
    const options = { port: running.flic.port, tls: null, path: methodPath('Enqueue'), frame, headers: { 'flic-vm-id': 'load' }, clients: 2, streams: 2, seconds: 0.2 };
    const r = await http2Load(options);
    expect(r.succeeded).toBeGreaterThan(0);
    expect((await running.client.vm('load').inspect()).depths.total).toBe(r.succeeded);
    // The VM is gone: every call now ends with ENOENT, and the run fails.
    await running.client.deleteVm('load');
    await expect(http2Load(options)).rejects.toThrow('grpc-status 5');
  });
});
