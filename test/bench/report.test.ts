// The bench's pure parts: reading h2load's summary, the figures' arithmetic, reading /metrics text
// and the report writers. The bench itself runs as `npm run bench` (no timing is asserted here).

import { describe, expect, it } from 'vitest';
import { H2loadError, parseH2loadOutput, type H2loadOptions } from '../../bench/load/h2load.js';
import { processMemory, sample } from '../../bench/load/metrics.js';
import { compared, median, spread } from '../../bench/report/figures.js';
import { renderMarkdown } from '../../bench/report/markdown.js';
import type { BenchResults } from '../../bench/report/results.js';
import { renderSvg } from '../../bench/report/svg.js';

const SUMMARY = `
finished in 2.00s, 21036.50 req/s, 1.06MB/s
requests: 42073 total, 42137 started, 42073 done, 42073 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 42073 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 2.11MB (2213262) total, 205.62KB (210551) headers (space savings 95.21%), 205.45KB (210365) data
`;

const OPTIONS: H2loadOptions = {
  port: 1,
  request: { method: 'Enqueue', path: '/flic.v1.Flic/Enqueue', vmId: 'bench', file: '/dev/null', bytes: 35 },
  clients: 1,
  streams: 1,
  requests: 42073,
};

describe('h2load summary', () => {
  it('reads counts, DATA bytes and the duration', () => {
    const r = parseH2loadOutput(SUMMARY, OPTIONS, 1.5);
    expect(r.succeeded).toBe(42073);
    expect(r.dataBytes).toBe(210365);
    expect(r.seconds).toBe(2);
    expect(r.reqPerSec).toBeCloseTo(21036.5, 1);
    expect(r.serverCpuSeconds).toBe(1.5);
  });

  it('rejects a run whose responses carry no gRPC message (trailers-only errors)', () => {
    const errors = SUMMARY.replace('(210365) data', '(100) data');
    expect(() => parseH2loadOutput(errors, OPTIONS, null)).toThrow(H2loadError);
  });

  it('rejects HTTP failures', () => {
    const failed = SUMMARY.replace('0 failed', '3 failed');
    expect(() => parseH2loadOutput(failed, OPTIONS, null)).toThrow(/failed/);
  });

  it('checks exact reply sizes when they are known', () => {
    expect(() => parseH2loadOutput(SUMMARY, { ...OPTIONS, replyBytes: 6 }, null)).toThrow(H2loadError);
  });
});

describe('figures', () => {
  it('takes the median and the spread of per-round ratios', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(spread([1, 3, 2])).toEqual({ median: 2, min: 1, max: 3 });
    const f = compared(
      { id: 'x', section: '1 unary', name: 'x', unit: 'calls/s', target: { basis: 'ratio', op: '>=', value: 0.9 } },
      [90, 100, 95],
      [100, 100, 100],
    );
    expect(f.ratio).toEqual({ median: 0.95, min: 0.9, max: 1 });
    expect(f.met).toBe(true);
  });

  it('reads a target on the value for figures without a baseline', () => {
    const f = compared(
      { id: 'y', section: '6 metrics scrape', name: 'y', unit: 'ms', target: { basis: 'value', op: '<=', value: 100 } },
      [120, 130, 110],
      [1, 1, 1],
    );
    expect(f.met).toBe(false);
  });
});

describe('/metrics text', () => {
  const text = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    'process_resident_memory_bytes 1000',
    'nodejs_heap_size_used_bytes 200',
    'nodejs_external_memory_bytes 30',
    'flic_vm_pending_interrupts{vm="a",queue="io",isc="0"} 3',
    'flic_vm_pending_interrupts{vm="a",queue="io",isc="1"} 4',
    'flic_vm_pending_interrupts{vm="ab",queue="io",isc="0"} 100',
    'flic_vm_pending_interrupts_other 7',
  ].join('\n');

  it('sums the samples of a series that match the labels', () => {
    expect(sample(text, 'flic_vm_pending_interrupts', 'vm="a"')).toBe(7);
    expect(sample(text, 'flic_vm_pending_interrupts')).toBe(107);
    expect(sample(text, 'absent')).toBeNaN();
  });

  it('reads the process memory series', () => {
    expect(processMemory(text)).toEqual({ rssBytes: 1000, heapUsedBytes: 200, externalBytes: 30 });
  });
});

describe('report writers', () => {
  const figure = (id: string, flic: number, baseline: number) =>
    compared({ id, section: '4 cost growth', name: id, unit: 'calls/s', target: null }, [flic], [baseline]);
  const figures = [10, 10_000, 266_000].flatMap((d) =>
    ['ENQUEUE', 'CLEAR_IO_IRQ'].flatMap((op) => [
      figure(`growth.depth.${d}.${op}`, 5000, 5500),
      figure(`growth.depth.${d}.${op}.p50`, 5, 4),
      figure(`growth.depth.${d}.${op}.p99`, 9, 8),
    ]),
  );

  it('draws one path per series and escapes the caption', () => {
    const svg = renderSvg(figures, [10, 10_000, 266_000], 'a < b');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(10);
    expect(svg).toContain('a &lt; b');
  });

  it('writes every figure with its target into the Markdown report', () => {
    const results: BenchResults = {
      mode: 'quick',
      machine: {
        nproc: 2,
        cpuModel: 'cpu',
        memoryGiB: 1,
        node: 'v20',
        h2load: 'h2load',
        kernel: 'Linux',
        date: '2026-01-01T00:00:00.000Z',
        loadAverageAtStart: [0, 0, 0],
      },
      sizes: { quick: true, rounds: 1, seconds: 1, warmup: 1, maxVms: 10 },
      durationSeconds: 1,
      loadAverageAtEnd: [0, 0, 0],
      figures: [
        ...figures,
        compared(
          { id: 't', section: '1 unary', name: 'tput', unit: 'calls/s', target: { basis: 'ratio', op: '>=', value: 0.9 } },
          [80],
          [100],
        ),
      ],
      saturation: [],
      device: [],
      profiles: [],
      failures: [],
    };
    const md = renderMarkdown(results);
    expect(md).toContain('**Targets: 0 of 1 met.** Missed: t');
    expect(md).toContain('| tput | 80.0 calls/s | 100 calls/s | 0.800× (0.800–0.800) | ratio ≥ 0.9× | **no** |');
  });
});
