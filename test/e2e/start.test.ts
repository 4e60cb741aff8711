// The README's quick start, exactly: `npm start --silent` (build if stale, then the server) as a
// child process, driven by the real client, then stopped with SIGTERM. Its stdout is the JSON log
// stream and nothing else, and an up-to-date build is not rebuilt. FLIC_PORT=0 asks for a free port, which
// the server reports in its "flic listening" log line, with its pid: the signal goes to the server
// process, as a terminal's Ctrl-C or a container runtime delivers it (npm runs the script through
// sh, which does not pass a SIGTERM sent to npm alone on to the server).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FlicClient, KVM_DEV_TYPE_FLIC, ioType, iscToIntWord } from '../../src/client/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let child: ChildProcess | undefined;
let serverPid: number | undefined;

afterAll(() => {
  for (const pid of [serverPid, child?.pid]) {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

let stdout = '';

function listening(proc: ChildProcess): Promise<{ port: number; address: string; pid: number }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      output += chunk.toString();
      stdout += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; port?: number; address?: string; pid?: number };
        if (entry.msg === 'flic listening' && entry.port !== undefined && entry.address !== undefined && entry.pid !== undefined) {
          resolve({ port: entry.port, address: entry.address, pid: entry.pid });
        }
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  it('serves flic with no configuration besides the port, and stops cleanly on SIGTERM', async () => {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
    expect(build.status).toBe(0);
    const stamp = path.join(root, 'dist', '.tsbuildinfo');
    const builtAt = statSync(stamp).mtimeMs;
    child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, FLIC_PORT: '0', FLIC_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { port, address, pid } = await listening(child);
    serverPid = pid;
    expect(address).toBe(`0.0.0.0:${port}`);

    const client = new FlicClient(`127.0.0.1:${port}`);
    try {
      await client.createVm('e2e');
      const vm = client.vm('e2e');
      expect(await vm.createDevice(KVM_DEV_TYPE_FLIC)).toBe(true);
      const irq = { kind: 'io', type: ioType(0xfe, 0, 5), subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 1, ioIntWord: iscToIntWord(2) } as const;
      await vm.enqueue([irq]);
      expect(await vm.readAllIrqs()).toEqual([irq]);
      expect(await client.listVms()).toEqual(['e2e']);
    } finally {
      client.close();
    }

    const exit = exited(child);
    process.kill(pid, 'SIGTERM');
    expect(await exit).toBe(0);
    serverPid = undefined;
    // Nothing but JSON lines (npm's `> flic@… start` banner stays out with --silent), and the
    // build was up to date, so the start did not rebuild it.
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(statSync(stamp).mtimeMs).toBe(builtAt);
  }, 120_000);
});
