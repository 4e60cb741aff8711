// /metrics as a client that is not Prometheus can use it: label values only from closed sets,
// HEAD without building anything, gzip when asked, at most one exposition per interval, and a
// scrape of many VMs that does not hold the gRPC calls up.
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, VmRegistry } from '../../src/device/index.js';
import { startService, type RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { testServiceConfig } from './fixture.js';

let flic: RunningService;
let client: FlicClient;

async function start(overrides: Partial<ServiceConfig> = {}, vms?: VmRegistry): Promise<void> {
  flic = await startService(testServiceConfig(overrides), vms === undefined ? {} : { vms });
  client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
}

afterEach(async () => {
  client.close();
  await flic.stop('test done');
});

interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function get(method: 'GET' | 'HEAD', headers: Record<string, string> = {}, onHeaders?: () => void): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: flic.metricsPort, path: '/metrics', method, headers, agent: false }, (res) => {
      onHeaders?.();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const families = (text: string): string[] => [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!).sort();

describe('/metrics', () => {
  it('takes every label value from a closed set: unknown attribute groups are one series, "unknown"', async () => {
    await start();
    await client.createVm('vm');
    const vm = client.vm('vm');
    await vm.createDevice(KVM_DEV_TYPE_FLIC);
    for (let i = 0; i < 50; i++) {
      await expect(vm.setAttr({ flags: 0, group: 1000 + i, attr: 0n, data: new Uint8Array(0), badAddr: false })).rejects.toThrow();
    }
    const text = (await get('GET')).body.toString();
    const errorSeries = text.split('\n').filter((l) => l.startsWith('flic_device_errors_total{'));
    expect(errorSeries).toEqual(['flic_device_errors_total{errno="EINVAL",group="unknown"} 50']);
  });

  it('names the delivery operations in the group label, not "unknown"', async () => {
    await start();
    await client.createVm('vm', { maxVcpus: 2 });
    const vm = client.vm('vm');
    await vm.createDevice(KVM_DEV_TYPE_FLIC);
    await expect(vm.deliver({ pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId: 5 })).rejects.toThrow(/EINVAL/);
    await expect(
      vm.reinjectIo({ kind: 'io', type: 0xffff2401n, subchannelId: 0, subchannelNr: 1, ioIntParm: 0, ioIntWord: 0 }),
    ).rejects.toThrow(/EINVAL/);
    await expect(vm.pvSclpIntercept()).rejects.toThrow(/EINVAL/);
    const text = (await get('GET')).body.toString();
    const errorSeries = text.split('\n').filter((l) => l.startsWith('flic_device_errors_total{')).sort();
    expect(errorSeries).toEqual([
      'flic_device_errors_total{errno="EINVAL",group="DELIVER"} 1',
      'flic_device_errors_total{errno="EINVAL",group="PV_SCLP_INTERCEPT"} 1',
      'flic_device_errors_total{errno="EINVAL",group="REINJECT_IO"} 1',
    ]);
  });

  it('answers HEAD with the headers alone and builds no exposition for it', async () => {
    await start();
    for (let i = 0; i < 10; i++) {
      const head = await get('HEAD');
      expect(head.status).toBe(200);
      expect(head.headers['content-type']).toContain('text/plain');
      expect(head.body.length).toBe(0);
    }
    expect(sample((await get('GET')).body.toString(), 'flic_metrics_expositions_total')).toBe(1);
  });

  it('serves gzip to a client that accepts it, and plain text to one that does not', async () => {
    await start();
    const plain = await get('GET', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    const zipped = await get('GET', { 'accept-encoding': 'deflate, gzip;q=0.9' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    const text = gunzipSync(zipped.body).toString();
    expect(families(text)).toEqual(families(plain.body.toString()));
    expect(sample(text, 'flic_metrics_expositions_total')).toBe(2);
    expect((await get('GET', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('builds at most one exposition per --metrics-min-interval: sooner scrapes wait for the next and share it', async () => {
    await start({ metricsMinIntervalSeconds: 0.3 });
    const first = (await get('GET')).body.toString();
    expect(sample(first, 'flic_metrics_expositions_total')).toBe(1);
    await client.createVm('later');
    // Five scrapes at once, sooner than the interval: one new exposition for all, newer than the request.
    const next = await Promise.all(Array.from({ length: 5 }, () => get('GET')));
    for (const r of next) {
      expect(r.body.equals(next[0]!.body)).toBe(true);
      expect(sample(r.body.toString(), 'flic_metrics_expositions_total')).toBe(2);
      expect(sample(r.body.toString(), 'flic_vms')).toBe(1);
    }
  });

  it('lets gRPC calls through while it writes the series of many VMs', async () => {
    const vms = new VmRegistry({ maxVms: 30_000 });
    for (let i = 0; i < 30_000; i++) {
      vms.createVm(`vm-${i}`);
      vms.get(`vm-${i}`).createDevice(KVM_DEV_TYPE_FLIC);
    }
    await start({ metricsMaxVms: 30_000 }, vms);
    await client.listVms();
    // The scrape's headers leave the server once its exposition is built (its body takes longer).
    let built = false;
    const scrape = get('GET', {}, () => {
      built = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await client.vm('vm-0').clearIrqs();
    const answeredDuringScrape = !built;
    const body = (await scrape).body.toString();
    expect(sample(body, 'flic_devices')).toBe(30_000);
    expect(body.split('\n').filter((l) => l.startsWith('flic_vm_queue_limit{')).length).toBe(3 * 30_000);
    expect(answeredDuringScrape).toBe(true);
  });
});
