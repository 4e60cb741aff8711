// `npm run bench [-- --quick] [-- --profile] [-- --out DIR]`: flic against a bare grpc-js
// baseline, driven by h2load, at every scale of issue 5; plus the in-process device figures.
// Writes latest.md, latest.svg and latest.json (bench/results for a full run; a temporary
// directory for --quick unless --out is given); latest.json is not committed (.gitignore). Exits non-zero only when something fails to
// run; a missed target is reported, never an error.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DeviceFigure } from './device/deviceBench.js';
import { RequestFiles } from './load/grpcFrame.js';
import { H2LOAD } from './load/h2load.js';
import { measureBatched } from './measure/batched.js';
import { measureDelivery } from './measure/delivery.js';
import { type BenchContext, type BenchSizes, sectionRounds, withServers } from './measure/context.js';
import { measureGetAll } from './measure/getAll.js';
import { DEPTHS, measureDepthGrowth } from './measure/growth.js';
import { measureHeavyLoad } from './measure/heavyLoad.js';
import { profileLoads, type ProfiledLoad } from './measure/profile.js';
import { measureRequestBombs } from './measure/requestBombs.js';
import { measureSaturation, type SaturationPoint } from './measure/saturation.js';
import { measureScrapeLoad } from './measure/scrapeLoad.js';
import { measureSecurity } from './measure/security.js';
import { measureAuthzCost } from './measure/authzCost.js';
import { measureStateDir } from './measure/stateDir.js';
import { measureUnary } from './measure/unary.js';
import { measureVmScale } from './measure/vmScale.js';
import { measureWireFuzz } from './measure/wireFuzz.js';
import { createBenchVms, DEPTH_VM } from './measure/vms.js';
import type { Figure } from './report/figures.js';
import { describeMachine } from './report/machine.js';
import { renderMarkdown } from './report/markdown.js';
import { deviceResults, type BenchResults, type DeviceResult } from './report/results.js';
import { spawnFlicChild } from './servers/children.js';
import { renderSvg } from './report/svg.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

interface Args {
  readonly quick: boolean;
  readonly profile: boolean;
  /** null: a new temporary directory (quick runs without --out). */
  readonly out: string | null;
  /** --only a,b: run only the parts of these names (as the log names them); null: every part. */
  readonly only: ReadonlySet<string> | null;
}

function parseArgs(argv: readonly string[]): Args {
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile') || (!quick && !argv.includes('--no-profile'));
  const i = argv.indexOf('--out');
  const out =
    i >= 0 && argv[i + 1] !== undefined
      ? path.resolve(argv[i + 1]!)
      : quick
        ? null
        : path.join(REPO, 'bench', 'results');
  const o = argv.indexOf('--only');
  const only = o >= 0 && argv[o + 1] !== undefined ? new Set(argv[o + 1]!.split(',').map((x) => x.trim())) : null;
  return { quick, profile, out, only };
}

const FULL: BenchSizes = { quick: false, rounds: 5, seconds: 2, warmup: 2, maxVms: 100_000 };
const QUICK: BenchSizes = { quick: true, rounds: 3, seconds: 0.4, warmup: 0.4, maxVms: 5_000 };
/** Fuzzed calls of section 9: a full run's, and a smoke run's (still 2.5 times the test's 600). */
const WIRE_FUZZ_CALLS = 10_000;
const WIRE_FUZZ_QUICK_CALLS = 1_500;
/** What a smoke run (CI's, and docs/benchmarks.md's promise) may take; past it the log says so. */
const QUICK_BUDGET_SECONDS = 120;

const started = Date.now();
function log(message: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

async function deviceFigures(quick: boolean): Promise<DeviceFigure[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', path.join(HERE, 'deviceChild.js'), ...(quick ? ['--quick'] : [])],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as DeviceFigure[];
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.quick ? QUICK : FULL;
  let machine;
  try {
    machine = describeMachine();
  } catch (err) {
    throw new Error(`cannot run ${H2LOAD} (Debian: apt-get install nghttp2-client): ${err instanceof Error ? err.message : String(err)}`);
  }
  log(`flic bench (${args.quick ? 'quick' : 'full'}) on ${machine.nproc} × ${machine.cpuModel}, node ${machine.node}, ${machine.h2load}`);
  const files = new RequestFiles();
  const base = { sizes, files, log };
  const failures: string[] = [];
  const figures: Figure[] = [];
  let saturation: SaturationPoint[] = [];
  let device: DeviceResult[] = [];
  let profiles: ProfiledLoad[] = [];

  /** Inside a part that --only selected as a whole: every part within it runs. */
  let whole = false;
  /**
   * Runs one part and records its failure. --only may name a top-level part (everything inside
   * runs) or a part inside one (`inner` lists those: the outer part then runs with only the inner
   * parts named).
   */
  const attempt = async (what: string, fn: () => Promise<void>, inner: readonly string[] = []): Promise<void> => {
    const selected = args.only === null || whole || args.only.has(what);
    if (!selected && !inner.some((part) => args.only!.has(part))) return;
    const outer = whole;
    whole = selected;
    try {
      await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      failures.push(`${what}: ${msg.split('\n')[0]}`);
      log(`FAILED ${what}: ${err instanceof Error ? (err.stack ?? msg) : msg}`);
    } finally {
      whole = outer;
    }
  };

  try {
    await attempt('device figures', async () => {
      log('device figures (in-process)');
      device = deviceResults(await deviceFigures(args.quick));
    });
    await attempt(
      'transport figures',
      () =>
        withServers(base, { maxVms: 1000 }, async (ctx: BenchContext) => {
          await createBenchVms(ctx.flic.client);
          await attempt('saturation', async () => {
            saturation = await measureSaturation(ctx);
          });
          await attempt('unary', async () => void figures.push(...(await measureUnary(ctx))));
          await attempt('batched', async () => void figures.push(...(await measureBatched(ctx))));
          await attempt('depth growth', async () => void figures.push(...(await measureDepthGrowth(ctx, DEPTH_VM)).figures));
          await attempt('delivery', async () => void figures.push(...(await measureDelivery(ctx))));
        }),
      ['saturation', 'unary', 'batched', 'depth growth', 'delivery'],
    );
    // A pair of its own: the baseline's GET_ALL_IRQS replies stay in its heap once built, and a
    // heap that big changes V8's collection of every other call (see bench/servers/baseline.ts).
    await attempt('GET_ALL_IRQS', () =>
      withServers(base, { maxVms: 1000 }, async (ctx: BenchContext) => {
        await createBenchVms(ctx.flic.client);
        figures.push(...(await measureGetAll(ctx)));
      }),
    );
    await attempt('VM scale', () =>
      withServers(base, { maxVms: sizes.maxVms + 100 }, async (ctx) => {
        figures.push(...(await measureVmScale(ctx)).figures);
      }),
    );
    // Issue 11 (sections 8 and 9): hostile requests, on a flic of their own.
    await attempt(
      'request bombs and wire fuzz',
      async () => {
        const maxVms = 100;
        const server = await spawnFlicChild({ maxVms });
        try {
          await attempt('request bombs', async () => {
            log('request bombs (≤ 64 KB on the wire)');
            figures.push(...(await measureRequestBombs(server, sectionRounds(sizes), log)));
          });
          await attempt('wire fuzz', async () => {
            log('wire fuzz');
            figures.push(...(await measureWireFuzz(server, maxVms, args.quick ? WIRE_FUZZ_QUICK_CALLS : WIRE_FUZZ_CALLS, log)));
          });
        } finally {
          await server.stop();
        }
      },
      ['request bombs', 'wire fuzz'],
    );
    // Items 5 and 7 of issue 11 (sections 10 and 11): a flic of their own each, no baseline (the
    // reference is the same server without the load).
    await attempt('heavy calls', async () => void figures.push(...(await measureHeavyLoad(base))));
    await attempt('scrapes', async () => void figures.push(...(await measureScrapeLoad(base))));
    // Issue 16 (section 12): TLS and mutual TLS with authorization, against the same flic in plaintext.
    await attempt('security', async () => {
      figures.push(...measureAuthzCost(sizes), ...(await measureSecurity(sizes, files, log)));
    });
    // Issue 14 (section 13): flic with a state directory against the same flic without one.
    await attempt('state directory', async () => {
      figures.push(...(await measureStateDir(base)));
    });
    if (args.profile) {
      await attempt('profiles', async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'flic-bench-profiles-'));
        profiles = await profileLoads(base, dir);
        log(`profiles kept in ${dir}`);
      });
    }
  } finally {
    files.dispose();
  }

  const results: BenchResults = {
    mode: args.quick ? 'quick' : 'full',
    machine,
    sizes,
    durationSeconds: (Date.now() - started) / 1000,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    figures,
    saturation,
    device,
    profiles,
    failures,
  };
  const out = args.out ?? mkdtempSync(path.join(os.tmpdir(), 'flic-bench-quick-'));
  mkdirSync(out, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(out, 'latest.md'), markdown);
  writeFileSync(
    path.join(out, 'latest.svg'),
    renderSvg(figures, DEPTHS, `flic ${results.mode} run, ${machine.date.slice(0, 10)}, ${machine.nproc} × ${machine.cpuModel}, node ${machine.node}`),
  );
  process.stdout.write(`${markdown.split('\n## ')[0]}\n## ${markdown.split('\n## ')[1]}\n`);
  log(`results in ${out} (${Math.round(results.durationSeconds)} s)`);
  if (args.quick && results.durationSeconds > QUICK_BUDGET_SECONDS) {
    log(`the quick run took longer than its ${QUICK_BUDGET_SECONDS} s: shorten the quick sizes of the slowest part`);
  }
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
