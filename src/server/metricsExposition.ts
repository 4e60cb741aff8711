// The /metrics text of one scrape, built without holding the event loop: the device snapshot in
// slices (metricsDevice.ts), prom-client's text for the aggregates and the process a metric at a
// time, then the gRPC series (metricsGrpc.ts) and the per-VM families as ready text. One build at a time, and at most one per minimum interval:
// a scrape that comes sooner waits for the next one, and the scrapes that wait or come while one is
// being built share it. So a client that scrapes in a loop is answered once per interval, and every
// answer is newer than its request. The gzip form is made once per exposition, off the main
// thread, when asked.

import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { constants, createGzip } from 'node:zlib';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { DeviceMetrics } from './metricsDevice.js';
import type { GrpcServerMetrics } from './metricsGrpc.js';

/**
 * gzip in the thread pool, chunk by chunk (no concatenated copy of the text on the main thread), at
 * the fastest level: a third of the CPU of the default level for 5% more bytes (9 MB of text:
 * 14 ms against 46 ms, 453 KB against 431 KB).
 */
async function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer> {
  const z = createGzip({ level: constants.Z_BEST_SPEED });
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
  /** When the last build began (performance.now()); builds begin at least minIntervalMs apart. */
  private lastStart = -Infinity;
  /** The build under way (or the last one). */
  private current: Promise<Exposition> | null = null;
  /** The build that callers asking now will get. */
  private next: Promise<Exposition> | null = null;
  private readonly builds: Counter;

  constructor(
    private readonly registry: Registry,
    private readonly device: DeviceMetrics,
    private readonly grpc: GrpcServerMetrics,
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

  /**
   * An exposition built after this call: the next one to begin, shared with every caller that asks
   * before it begins, no sooner than minIntervalMs after the one before it.
   */
  latest(): Promise<Exposition> {
    this.next ??= (async () => {
      // One build at a time, whatever the interval.
      await this.current?.catch(() => undefined);
      const wait = this.lastStart + this.minIntervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      // From here on, callers wait for the build after this one.
      this.next = null;
      this.lastStart = performance.now();
      this.current = this.build();
      return this.current;
    })();
    return this.next;
  }

  private async build(): Promise<Exposition> {
    this.builds.inc();
    const snapshot = await this.device.prepare();
    const texts: string[] = [];
    this.device.use(snapshot);
    try {
      // What registry.metrics() does, a metric per turn of the event loop (the gRPC series alone
      // are hundreds of lines).
      for (const { name } of this.registry.getMetricsAsArray()) {
        texts.push(await this.registry.getSingleMetricAsString(name));
        await nextTurn();
      }
    } finally {
      this.device.use(null);
    }
    const text = `${texts.join('\n\n')}\n`;
    const chunks = [Buffer.from(text), this.grpc.text(), ...this.device.perVmText(snapshot)];
    let bytes = 0;
    for (const c of chunks) bytes += c.length;
    let compressed: Promise<Buffer> | null = null;
    return { chunks, bytes, gzipped: () => (compressed ??= gzipChunks(chunks)) };
  }
}
