// A .cpuprofile (node --cpu-prof) summarised: the functions with the most self time, and the
// share of each part of the stack (flic's own code, grpc-js, protobufjs, Node's core, GC).

import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  /** µs on CLOCK_MONOTONIC, the clock of process.hrtime(), so windows taken in another process apply. */
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly where: string;
  readonly part: string;
  /** Share of the busy (non-idle) samples, 0..1. */
  readonly share: number;
}

export interface FunctionTime {
  readonly name: string;
  readonly where: string;
  readonly part: string;
  /** Self time inside the window, in µs. */
  readonly us: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly top: readonly SelfTime[];
  /** The functions with the most self time (up to KEPT_FUNCTIONS), for comparing two profiles. */
  readonly functions: readonly FunctionTime[];
  /** Share of busy time per part, largest first. */
  readonly parts: readonly { readonly part: string; readonly share: number }[];
}

const PARTS: readonly (readonly [string, (url: string) => boolean])[] = [
  ['flic', (u) => u.includes('/dist/src/')],
  ['bench baseline', (u) => u.includes('/dist/bench/')],
  ['grpc-js', (u) => u.includes('/@grpc/grpc-js/')],
  ['proto-loader', (u) => u.includes('/@grpc/proto-loader/')],
  ['protobufjs', (u) => u.includes('/protobufjs/') || u.includes('/@protobufjs/')],
  ['prom-client', (u) => u.includes('/prom-client/')],
  ['pino', (u) => u.includes('/pino')],
  ['other npm', (u) => u.includes('/node_modules/')],
  ['node core', (u) => u.startsWith('node:')],
];

function partOf(n: ProfileNode): string {
  const { functionName, url } = n.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'native (program)';
  for (const [part, test] of PARTS) if (test(url)) return part;
  return url === '' ? 'native' : 'other';
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) return url.slice(i + '/node_modules/'.length);
  const d = url.indexOf('/dist/');
  if (d >= 0) return url.slice(d + 1);
  return url;
}

/** A time window in µs of process.hrtime() (CLOCK_MONOTONIC). */
export interface ProfileWindow {
  readonly startUs: number;
  readonly endUs: number;
}

export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Summarises the samples taken inside `window` (the load), leaving out start-up and setup. */
const KEPT_FUNCTIONS = 150;

/**
 * The functions whose self time per call differs most between two profiles (a − b), largest
 * first: where the extra time of `a` goes.
 */
export function perCallDifferences(
  a: ProfileSummary,
  aCalls: number,
  b: ProfileSummary,
  bCalls: number,
  n: number,
): (FunctionTime & { readonly aUs: number; readonly bUs: number })[] {
  const key = (f: FunctionTime): string => `${f.name} ${f.where}`;
  const bBy = new Map(b.functions.map((f) => [key(f), f]));
  const aKeys = new Set(a.functions.map(key));
  const rows = a.functions.map((f) => {
    const aUs = f.us / aCalls;
    const bUs = (bBy.get(key(f))?.us ?? 0) / bCalls;
    return { ...f, aUs, bUs, us: aUs - bUs };
  });
  for (const f of b.functions) {
    if (!aKeys.has(key(f))) rows.push({ ...f, aUs: 0, bUs: f.us / bCalls, us: -f.us / bCalls });
  }
  return rows.sort((x, y) => y.us - x.us).slice(0, n);
}

export function summariseProfile(file: string, window: ProfileWindow, topN = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample: it belongs to the sample before i.
  let t = p.startTime;
  for (let i = 0; i + 1 < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < window.startUs || t > window.endUs) continue;
    const id = p.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + p.timeDeltas[i + 1]!);
  }
  const fns = new Map<string, { name: string; where: string; part: string; us: number }>();
  const parts = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    busy += us;
    const part = partOf(n);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const name = n.callFrame.functionName || '(anonymous)';
    const where = n.callFrame.url === '' ? '' : `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    const key = `${name} ${where}`;
    const f = fns.get(key) ?? { name, where, part, us: 0 };
    f.us += us;
    fns.set(key, f);
  }
  const sorted = [...fns.values()].sort((a, b) => b.us - a.us);
  const top = sorted.slice(0, topN).map((f) => ({ name: f.name, where: f.where, part: f.part, share: f.us / busy }));
  return {
    busyMs: busy / 1000,
    top,
    functions: sorted.slice(0, KEPT_FUNCTIONS).map((f) => ({ name: f.name, where: f.where, part: f.part, us: Math.round(f.us) })),
    parts: [...parts].map(([part, us]) => ({ part, share: us / busy })).sort((a, b) => b.share - a.share),
  };
}
