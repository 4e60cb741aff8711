// flic as an npm package: `npm pack` (which runs `prepare`, the build) makes a tarball with the built
// code, its types and the proto files it loads; installed into an empty project (from the local
// npm cache where it can), both entry points import and type-check, the installed client talks to
// a real server, the device runs in-process, and the `flicctl` bin works through npx.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/server/app.js';
import { testServiceConfig } from '../server/fixture.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'flic-package-'));
const project = path.join(work, 'project');
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

let flic: RunningService;
let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  flic = await startService(testServiceConfig());
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work, ...NPM_QUIET], { cwd: root, timeout: 240_000 });
  [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [typeof packed];
  await run('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'harness', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', ...NPM_QUIET, path.join(work, packed.filename)], { cwd: project, timeout: 240_000 });
}, 600_000);

afterAll(async () => {
  await flic.stop('test done');
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built code with its types and the proto files, and nothing of the sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      'package.json',
      'dist/src/client/index.js',
      'dist/src/client/index.d.ts',
      'dist/src/device/index.js',
      'dist/src/device/index.d.ts',
      'dist/src/client/flicctl.js',
      'dist/src/server/main.js',
      'proto/flic/v1/flic.proto',
      'proto/flic.protoset',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|clients|docs|node_modules)\//.test(f) || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('imports both entry points in a clean project, and its client reaches a real server', async () => {
    const script = `
      import { FlicClient, KvmError, KVM_DEV_TYPE_FLIC, ioType, iscToIntWord } from 'flic';
      import { VmRegistry } from 'flic/device';
      const client = new FlicClient(process.argv[2]);
      await client.createVm('pkg-1');
      const vm = client.vm('pkg-1');
      await vm.createDevice(KVM_DEV_TYPE_FLIC);
      await vm.enqueue([{ kind: 'io', type: ioType(0xfe, 0, 5), subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 1, ioIntWord: iscToIntWord(3) }]);
      const remote = await vm.readAllIrqs();
      let errno;
      try { await vm.clearIoIrq(0, 0); } catch (err) { errno = err instanceof KvmError ? err.errnoName : String(err); }
      client.close();
      const vms = new VmRegistry();
      vms.createVm('local');
      vms.vm('local').createDevice(KVM_DEV_TYPE_FLIC);
      vms.vm('local').enqueue(remote);
      console.log(JSON.stringify({ remote: remote.length, errno, local: vms.vm('local').inspect().depths.total }));
    `;
    writeFileSync(path.join(project, 'check.mjs'), script);
    const { stdout } = await run(process.execPath, ['check.mjs', `127.0.0.1:${flic.grpcPort}`], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ remote: 1, errno: 'EINVAL', local: 1 });
  });

  it('type-checks a TypeScript harness against the exported types', async () => {
    const source = `
      import { FlicClient, KvmError, RemoteVm, ShardedFlicClient, type FlicApi, type Irq } from 'flic';
      import { VmRegistry, type FlicHost } from 'flic/device';
      const host: FlicHost = new VmRegistry();
      const remote: RemoteVm = new FlicClient('127.0.0.1:1').vm('x');
      const api: FlicApi = remote;
      const irqs: Promise<Irq[]> = remote.getAllIrqs(4096n);
      const err: KvmError | undefined = undefined;
      const farm: FlicHost = new ShardedFlicClient({ statefulSet: 'flic', service: 'flic', namespace: 'flic', count: 3 });
      void host; void api; void irqs; void err; void farm;
      // @ts-expect-error: the exports map has no deep paths
      import('flic/dist/src/client/shard.js');
    `;
    writeFileSync(path.join(project, 'harness.ts'), source);
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const typeRoots = ['--typeRoots', path.join(root, 'node_modules', '@types'), '--types', 'node'];
    const output = await run(process.execPath, [tsc, ...args, ...typeRoots, 'harness.ts'], { cwd: project }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? String(err) }),
    );
    expect(output.stdout).toBe('');
  });

  it('links the flicctl bin: npx flicctl --help, and a call to the server', async () => {
    const help = await run('npx', ['--no-install', 'flicctl', '--help'], { cwd: project });
    expect(help.stdout).toContain('Usage: flicctl');
    const list = await run('npx', ['--no-install', 'flicctl', '--addr', `127.0.0.1:${flic.grpcPort}`, '--json', 'list-vms'], { cwd: project });
    expect(JSON.parse(list.stdout)).toEqual({ vmIds: ['pkg-1'] });
  });
});
