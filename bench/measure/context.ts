// What every measurement gets: the two servers, a real client for each (setup, resets and the
// spot checks that h2load cannot make), the request files, and the run's sizes.

import { FlicClient } from '../../src/client/index.js';
import type { RequestFiles } from '../load/grpcFrame.js';
import { spawnBaselineChild, spawnFlicChild, type ServerChild } from '../servers/children.js';

export interface BenchSizes {
  readonly quick: boolean;
  /** Interleaved rounds per figure (flic, baseline, flic, baseline, …). */
  readonly rounds: number;
  /** Length of one timed h2load run, in seconds. */
  readonly seconds: number;
  /** Length of the untimed run before each figure (JIT warm-up), in seconds. */
  readonly warmup: number;
  /** VMs for the largest VM-count point. */
  readonly maxVms: number;
}

/**
 * Rounds of the slower sections (the growth axes, delivery, request bombs, heavy calls, scrapes,
 * security, the state directory's restarts): quick mode is a smoke run within the bench's two
 * minutes, so they take two there.
 */
const QUICK_SECTION_ROUNDS = 2;

export function sectionRounds(sizes: BenchSizes): number {
  return sizes.quick ? Math.min(QUICK_SECTION_ROUNDS, sizes.rounds) : sizes.rounds;
}

export interface Side {
  readonly server: ServerChild;
  readonly client: FlicClient;
}

export interface BenchContext {
  readonly sizes: BenchSizes;
  readonly files: RequestFiles;
  readonly flic: Side;
  readonly baseline: Side;
  log(message: string): void;
}

export async function side(server: ServerChild): Promise<Side> {
  const client = new FlicClient(`127.0.0.1:${server.port}`);
  await client.waitForReady(Date.now() + 10_000);
  return { server, client };
}

export interface ServerSetup {
  readonly maxVms: number;
  /** CPU profiles of both children (node --cpu-prof) go to <dir>/flic and <dir>/baseline. */
  readonly cpuProfileDir?: string;
}

/** Starts flic and the baseline, runs `fn` with them, and stops both whatever happens. */
export async function withServers<T>(
  base: Pick<BenchContext, 'sizes' | 'files' | 'log'>,
  setup: ServerSetup,
  fn: (ctx: BenchContext) => Promise<T>,
): Promise<T> {
  const dir = setup.cpuProfileDir;
  const flicServer = await spawnFlicChild({ maxVms: setup.maxVms, ...(dir === undefined ? {} : { cpuProfileDir: `${dir}/flic` }) });
  let baselineServer: ServerChild | undefined;
  let ctx: BenchContext | undefined;
  try {
    baselineServer = await spawnBaselineChild(dir === undefined ? {} : { cpuProfileDir: `${dir}/baseline` });
    ctx = { ...base, flic: await side(flicServer), baseline: await side(baselineServer) };
    return await fn(ctx);
  } finally {
    ctx?.flic.client.close();
    ctx?.baseline.client.close();
    await Promise.all([flicServer.stop(), baselineServer?.stop()]);
  }
}
