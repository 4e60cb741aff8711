// latest.md: the figures against their targets, the proof of saturation, the device figures and
// the profiles, with the machine they came from.

import { formatDeviceFigures } from '../device/deviceBench.js';
import type { ProfiledLoad } from '../measure/profile.js';
import { perCallDifferences, type ProfileSummary } from './cpuProfile.js';
import type { Figure, Target } from './figures.js';
import type { BenchResults } from './results.js';

export function num(x: number | null, unit = ''): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  const s = abs >= 1000 ? Math.round(x).toLocaleString('en') : abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : x.toFixed(2);
  return unit === '' ? s : `${s} ${unit}`;
}

function targetText(t: Target | null, unit: string): string {
  if (t === null) return '';
  const op = t.op === '>=' ? '≥' : '≤';
  return t.basis === 'ratio' ? `ratio ${op} ${t.value}×` : `${op} ${t.value} ${unit}`;
}

function met(m: boolean | null): string {
  return m === null ? '' : m ? 'yes' : '**no**';
}

function ratioText(f: Figure): string {
  if (f.ratio === null) return '';
  return `${f.ratio.median.toFixed(3)}× (${f.ratio.min.toFixed(3)}–${f.ratio.max.toFixed(3)})`;
}

function figureRow(f: Figure): string {
  const note = f.note === undefined ? '' : `<br><sub>${f.note}</sub>`;
  return `| ${f.name}${note} | ${num(f.flic, f.unit)} | ${num(f.baseline, f.baseline === null ? '' : f.unit)} | ${ratioText(f)} | ${targetText(f.target, f.unit)} | ${met(f.met)} |`;
}

const HEADER = ['| figure | flic | baseline | flic ÷ baseline, median (min–max) | target | met |', '|---|--:|--:|--:|:-:|:-:|'];

function sectionTable(figures: readonly Figure[]): string[] {
  return [...HEADER, ...figures.map(figureRow)];
}

function profileTable(p: ProfiledLoad): string[] {
  const { flic, baseline } = p;
  const parts = [...new Set([...flic.parts, ...baseline.parts].map((x) => x.part))];
  // CPU per call of each part: its share of the busy time, spread over the calls answered.
  const perCall = (s: ProfileSummary, calls: number, part: string): number =>
    ((s.parts.find((x) => x.part === part)?.share ?? 0) * s.busyMs * 1000) / calls;
  const f = (part: string): number => perCall(flic, p.calls.flic, part);
  const b = (part: string): number => perCall(baseline, p.calls.baseline, part);
  const flicTotal = (flic.busyMs * 1000) / p.calls.flic;
  const baseTotal = (baseline.busyMs * 1000) / p.calls.baseline;
  const us = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
  const lines = [
    `#### ${p.label}`,
    '',
    `CPU per call: flic ${us(flicTotal)} µs, baseline ${us(baseTotal)} µs (${(flicTotal / baseTotal).toFixed(2)}×), ` +
      `over ${p.calls.flic.toLocaleString('en')} and ${p.calls.baseline.toLocaleString('en')} calls.`,
    '',
    '| part of the stack | flic µs/call | baseline µs/call | difference |',
    '|---|--:|--:|--:|',
    ...parts
      .sort((x, y) => f(y) - b(y) - (f(x) - b(x)))
      .map((x) => `| ${x} | ${us(f(x))} | ${us(b(x))} | ${f(x) - b(x) >= 0 ? '+' : ''}${us(f(x) - b(x))} |`),
    '',
    'Where flic spends more than the baseline (self time per call, largest differences):',
    '',
    '| function | where | part | flic µs/call | baseline µs/call |',
    '|---|---|---|--:|--:|',
    ...perCallDifferences(flic, p.calls.flic, baseline, p.calls.baseline, 12).map(
      (d) => `| \`${d.name}\` | ${d.where} | ${d.part} | ${us(d.aUs)} | ${us(d.bUs)} |`,
    ),
    '',
    'flic, top self time:',
    '',
    '| function | where | part | self |',
    '|---|---|---|--:|',
    ...flic.top.map((t) => `| \`${t.name}\` | ${t.where} | ${t.part} | ${(t.share * 100).toFixed(1)}% |`),
    '',
  ];
  return lines;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const headline = r.figures.filter((f) => f.target !== null);
  const missed = headline.filter((f) => f.met === false);
  // By number: '10 heavy calls' comes after '9 wire fuzz', not after '1 unary'.
  const sections = [...new Set(r.figures.map((f) => f.section))].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
  const lines: string[] = [
    `# flic benchmark results (${r.mode} run)`,
    '',
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}; Node ${m.node}; ${m.h2load}.`,
    `Run: ${m.date}, ${Math.round(r.durationSeconds)} s; load average ${m.loadAverageAtStart.join(' / ')} at the start, ` +
      `${r.loadAverageAtEnd.join(' / ')} at the end (the machine is shared, so absolute figures drift; ratios are taken within one run).`,
    `Sizes: ${r.sizes.rounds} interleaved rounds per figure (flic, baseline, flic, baseline, …), ${r.sizes.seconds} s per timed run, ` +
      `up to ${r.sizes.maxVms.toLocaleString('en')} VMs.`,
    '',
    `**Targets: ${headline.length - missed.length} of ${headline.length} met.**` +
      (missed.length > 0 ? ` Missed: ${missed.map((f) => f.id).join(', ')} (see the profiles below, and [docs/benchmarks.md](../../docs/benchmarks.md#performance) for what each miss comes from).` : ''),
    '',
  ];
  if (r.failures.length > 0) {
    lines.push('**Parts that failed in this run:**', '', ...r.failures.map((f) => `- ${f}`), '');
  }
  lines.push('## Targets', '', ...sectionTable(headline), '');
  for (const s of sections) {
    lines.push(`## ${s}`, '', ...sectionTable(r.figures.filter((f) => f.section === s)), '');
  }
  lines.push(
    '## Throughput and latency against queue depth',
    '',
    '![unary ENQUEUE and CLEAR_IO_IRQ against queue depth](latest.svg)',
    '',
    '## The load generator is not the bottleneck',
    '',
    'Unary ENQUEUE of one interrupt as h2load adds connections and streams (CPU: the server process, in cores).',
    '',
    '| h2load -c × -m | in flight | flic calls/s | flic CPU | baseline calls/s | baseline CPU |',
    '|---|--:|--:|--:|--:|--:|',
    ...r.saturation.map(
      (p) =>
        `| ${p.clients} × ${p.streams} | ${p.inFlight} | ${num(p.flic.callsPerSec)} | ${p.flic.cpu.toFixed(2)} | ${num(p.baseline.callsPerSec)} | ${p.baseline.cpu.toFixed(2)} |`,
    ),
    '',
    '## The device alone (in-process, no transport)',
    '',
    formatDeviceFigures(r.device),
    '',
  );
  if (r.profiles.length > 0) {
    lines.push('## CPU profiles of the servers (node --cpu-prof)', '');
    for (const p of r.profiles) lines.push(...profileTable(p));
  }
  lines.push(
    '## How it is measured',
    '',
    '- Load: h2load (nghttp2) over h2c on loopback, every stream sending one gRPC message (flag 0, big-endian length, the',
    '  protobuf bytes the TypeScript client would send, serialized by proto-loader from flic.proto) with',
    '  `content-type: application/grpc`, `te: trailers` and `flic-vm-id`. h2load counts HTTP statuses only, so every run',
    '  checks that the DATA bytes cover a gRPC message per response (a failed gRPC call sends none), and flic\'s own',
    '  counters must show every call h2load saw succeed. A few calls are repeated with the real FlicClient.',
    '- flic runs as `dist/src/server/main.js` in its own process with metrics on (as in production); the baseline is a bare',
    '  grpc-js server of the same service (bench/servers/baseline.ts) with the same proto-loader options and message limits,',
    '  answering constant replies (GET_ALL_IRQS: the same records, built once at its start).',
    '- Each figure alternates flic and the baseline; queues are emptied (CLEAR_IRQS) or set to their depth before every run.',
    '- Cost growth: ENQUEUE and CLEAR_IO_IRQ of one probe subchannel run together (two h2load processes, 16 streams each),',
    '  so each clear removes what an enqueue added and the depth stays put; the probe queues on ISC 7 behind every other',
    '  interrupt. Growth is the spread of the flic/baseline ratio across the points.',
    '- Memory: flic\'s /metrics (process_resident_memory_bytes, nodejs_heap_size_used_bytes, nodejs_external_memory_bytes)',
    '  after a full GC that the bench triggers in the child (a preloaded signal handler; flic itself is unchanged).',
    '',
  );
  return lines.join('\n');
}
