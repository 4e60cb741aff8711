// flic's own /metrics, read the way Prometheus reads it: the scrape time, and a few samples.

import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Scrape {
  readonly ms: number;
  readonly bytes: number;
  readonly text: string;
}

export function scrape(port: number): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`/metrics answered ${res.statusCode}: ${text.slice(0, 200)}`));
        else resolve({ ms, bytes: Buffer.byteLength(text), text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The sum of every sample of `name` whose labels include each of `labels` (e.g. 'vm="bench"');
 * NaN when there is none.
 */
export function sample(text: string, name: string, ...labels: readonly string[]): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (!labels.every((l) => rest.includes(l))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      sum += value;
      found = true;
    }
  }
  return found ? sum : NaN;
}

/** flic's flic_interrupts_injected_total of one interrupt class ("io", "adapter", …), scraped now. */
export async function injectedTotal(metricsPort: number, cls: string): Promise<number> {
  return sample((await scrape(metricsPort)).text, 'flic_interrupts_injected_total', `class="${cls}"`);
}

/** The memory figures that prom-client's default metrics give for the server process. */
export interface ProcessMemory {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
}

export function processMemory(text: string): ProcessMemory {
  return {
    rssBytes: sample(text, 'process_resident_memory_bytes'),
    heapUsedBytes: sample(text, 'nodejs_heap_size_used_bytes'),
    externalBytes: sample(text, 'nodejs_external_memory_bytes'),
  };
}
