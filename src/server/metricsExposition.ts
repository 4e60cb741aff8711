// The /metrics text of one scrape, built without holding the event loop: the device snapshot in
// slices (metricsDevice.ts), then prom-client's text for everything else (a few hundred lines), then
// the per-VM families as ready text. One build at a time, at most one per minimum interval: a
// scrape that comes sooner gets the last exposition, and scrapes that come while one is being
// built share it. The gzip form is made once per exposition, off the main thread, when asked.

import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createGzip } from 'node:zlib';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { DeviceMetrics } from './metricsDevice.js';

/** gzip in the thread pool, chunk by chunk (no concatenated copy of the text on the main thread). */
async function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer> {
  const z = createGzip();
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const ended = once(z, 'end');
  for (const c of chunks) z.write(c);
  z.end();
  await ended;
  return Buffer.concat(out);
}

export interface Exposition {
  /** The text, in chunks, in order. */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
  /** The same text gzip-compressed (compressed once, on first use). */
  gzipped(): Promise<Buffer>;
}

export class MetricsExposition {
  private last: { readonly exposition: Exposition; readonly builtAt: number } | null = null;
  private building: Promise<Exposition> | null = null;
  private readonly builds: Counter;

  constructor(
    private readonly registry: Registry,
    private readonly device: DeviceMetrics,
    private readonly minIntervalMs: number,
  ) {
    this.builds = new Counter({
      name: 'flic_metrics_expositions_total',
      help: 'Expositions of /metrics built: at most one per --metrics-min-interval, shared by the scrapes in between; HEAD builds none.',
      registers: [registry],
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The last exposition if it is recent enough, else the one being built, else a new one. */
  latest(): Promise<Exposition> {
    const last = this.last;
    if (last !== null && performance.now() - last.builtAt < this.minIntervalMs) return Promise.resolve(last.exposition);
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(): Promise<Exposition> {
    this.builds.inc();
    const snapshot = await this.device.prepare();
    let text: string;
    this.device.use(snapshot);
    try {
      text = await this.registry.metrics();
    } finally {
      this.device.use(null);
    }
    const chunks = [Buffer.from(text), ...this.device.perVmText(snapshot)];
    let bytes = 0;
    for (const c of chunks) bytes += c.length;
    let compressed: Promise<Buffer> | null = null;
    const exposition: Exposition = {
      chunks,
      bytes,
      gzipped: () => (compressed ??= gzipChunks(chunks)),
    };
    this.last = { exposition, builtAt: performance.now() };
    return exposition;
  }
}
