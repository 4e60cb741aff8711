// /metrics of a running flic as Prometheus reads it: the text exposition format parsed into samples,
// with lookups by name and labels (the metrics tests and the malformed-request tests share it).

import { expect } from 'vitest';
import type { RunningService } from '../../src/server/app.js';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The text exposition format, as far as prom-client writes it. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) throw new Error(`unparsable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

export class Scrape {
  constructor(
    readonly text: string,
    readonly samples: Sample[],
  ) {}

  /** Every sample of `name` whose labels include `labels`. */
  all(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** The one sample of `name` with exactly these labels (undefined if absent). */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const keys = Object.keys(labels).sort().join(',');
    const hits = this.all(name, labels).filter((s) => Object.keys(s.labels).sort().join(',') === keys);
    expect(hits.length, `${name}${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
    return hits[0]?.value;
  }
}

export async function scrape(flic: RunningService, path = '/metrics'): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${flic.metricsPort}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  return new Scrape(text, parseExposition(text));
}
