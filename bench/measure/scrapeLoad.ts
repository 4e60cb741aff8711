// Section 11 (issue 11 item 7): small-call latency during back-to-back scrapes of /metrics with
// 10,000 VMs that all get per-VM series (the farm overlay's former FLIC_METRICS_MAX_VMS), against
// no scrapes. A fresh flic of its own with its default metrics settings. The scraper runs in the
// bench process, one request after another, reading each body in full: as Prometheus asks (gzip),
// as a plain-text client asks, and as a loop of HEAD requests.

import { request } from 'node:http';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/index.js';
import { bulkCalls, type BulkCall } from '../load/bulkCalls.js';
import { grpcFrame, methodPath, serialize } from '../load/grpcFrame.js';
import { compared, type Figure } from '../report/figures.js';
import { spawnFlicChild } from '../servers/children.js';
import type { BenchContext } from './context.js';
import { sectionRounds, side } from './context.js';
import { latencyProbe, type ProbeResult } from './latencyProbe.js';
import { BENCH_VM, createFlicVm } from './vms.js';

/** VMs with per-VM series: the figure; quick mode (a smoke run) creates fewer. */
const SCRAPED_VMS = 10_000;
const QUICK_SCRAPED_VMS = 2_500;
const CREATE_IN_FLIGHT = 64;
const LEAD_S = 0.3;

type Base = Pick<BenchContext, 'sizes' | 'files' | 'log'>;
type Scraper = 'gzip' | 'plain' | 'HEAD';

/** One scrape, its body read in full; resolves with the bytes received. */
function scrapeOnce(port: number, how: Scraper): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = how === 'gzip' ? { 'accept-encoding': 'gzip' } : {};
    const req = request({ host: '127.0.0.1', port, path: '/metrics', method: how === 'HEAD' ? 'HEAD' : 'GET', headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`/metrics answered ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Scrapes back to back until stop() is called; resolves with the scrapes done and their bytes. */
function scrapeLoop(port: number, how: Scraper): { stop(): Promise<{ scrapes: number; bytes: number }> } {
  let running = true;
  let scrapes = 0;
  let bytes = 0;
  const loop = (async () => {
    while (running) {
      bytes += await scrapeOnce(port, how);
      scrapes++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { scrapes, bytes };
    },
  };
}

async function createVms(port: number, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => `scraped-${i}`);
  const calls = (make: (id: string) => BulkCall): BulkCall[] => ids.map(make);
  await bulkCalls(port, calls((vmId) => ({ path: methodPath('CreateVm'), vmId, frame: grpcFrame(serialize('CreateVm', { vmId })) })), CREATE_IN_FLIGHT);
  await bulkCalls(
    port,
    calls((vmId) => ({ path: methodPath('CreateDevice'), vmId, frame: grpcFrame(serialize('CreateDevice', { vmId, type: KVM_DEV_TYPE_FLIC, flags: 0 })) })),
    CREATE_IN_FLIGHT,
  );
}

export async function measureScrapeLoad(base: Base): Promise<Figure[]> {
  const { sizes, files, log } = base;
  const vms = sizes.quick ? QUICK_SCRAPED_VMS : SCRAPED_VMS;
  // The server's own metrics settings (env {}: no fresh-scrape override), per-VM series for all.
  const server = await spawnFlicChild({ maxVms: vms + 10, args: ['--metrics-max-vms', String(vms)], env: {} });
  const flic = await side(server);
  try {
    const t0 = Date.now();
    await createVms(server.port, vms);
    await createFlicVm(flic.client, BENCH_VM);
    const sample = await scrapeOnce(server.metricsPort!, 'plain');
    log(`scrapes: ${vms.toLocaleString('en')} VMs created in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(sample / 1e6).toFixed(1)} MB of exposition`);
    const probe = latencyProbe(files, BENCH_VM);
    const seconds = sizes.seconds;
    const figures: Figure[] = [];
    // Quick mode keeps the target's own scraper only.
    for (const how of sizes.quick ? (['gzip'] as const) : (['gzip', 'plain', 'HEAD'] as const)) {
      const quiet: ProbeResult[] = [];
      const scraped: ProbeResult[] = [];
      const loops: { scrapes: number; bytes: number }[] = [];
      const rounds = sectionRounds(sizes);
      for (let r = 0; r < rounds; r++) {
        log(`scrapes: ${how}, round ${r + 1} of ${rounds}`);
        await flic.client.vm(BENCH_VM).clearIrqs();
        quiet.push(await probe.run(server.port, seconds));
        await flic.client.vm(BENCH_VM).clearIrqs();
        const loop = scrapeLoop(server.metricsPort!, how);
        await new Promise((resolve) => setTimeout(resolve, LEAD_S * 1000));
        scraped.push(await probe.run(server.port, seconds));
        loops.push(await loop.stop());
      }
      const total = loops.reduce((a, l) => a + l.scrapes, 0);
      const mb = loops.reduce((a, l) => a + l.bytes, 0) / 1e6;
      const what = how === 'HEAD' ? 'a loop of HEAD /metrics' : `back-to-back GET /metrics (${how === 'gzip' ? 'Accept-Encoding: gzip, as Prometheus asks' : 'plain text'})`;
      figures.push(
        compared(
          {
            id: `scrape.${how}.unary.p99`,
            section: '11 metrics under scrapes',
            name: `unary ENQUEUE p99 during ${what} of ${vms.toLocaleString('en')} VMs with per-VM series, one call in flight; baseline column: no scrapes`,
            unit: 'ms',
            target: how === 'gzip' ? { basis: 'ratio', op: '<=', value: 1.5 } : null,
            note: `${total} scrapes (${mb.toFixed(1)} MB read) over ${loops.length} runs of about ${(seconds + LEAD_S).toFixed(1)} s`,
          },
          scraped.map((p) => p.unary.p99Ms),
          quiet.map((p) => p.unary.p99Ms),
        ),
        compared(
          {
            id: `scrape.${how}.health.p99`,
            section: '11 metrics under scrapes',
            name: `health check p99 during ${what}; baseline column: no scrapes`,
            unit: 'ms',
            target: null,
          },
          scraped.map((p) => p.health.p99Ms),
          quiet.map((p) => p.health.p99Ms),
        ),
      );
    }
    return figures;
  } finally {
    flic.client.close();
    await server.stop();
  }
}
