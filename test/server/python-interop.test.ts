// The Python example (examples/python/client.py) against the real server: another language's
// gRPC stack and google.rpc protos must read flic's statuses and ErrorInfo. Skips only when no
// Python with grpcio and protobuf is installed (Debian: python3-grpcio, python3-protobuf) and
// FLIC_PYTHON does not name one.

import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlic, type Running } from './fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = path.join(root, 'examples', 'python');

/**
 * FLIC_PYTHON when set (CI sets it: the test must then run, not skip); otherwise the first
 * interpreter that has grpc and protobuf (a pyenv python3 may shadow Debian's).
 */
function findPython(): string | undefined {
  const forced = process.env['FLIC_PYTHON'];
  if (forced) return forced;
  return ['python3', '/usr/bin/python3'].find(
    (py) => spawnSync(py, ['-c', 'import grpc, google.protobuf'], { stdio: 'ignore' }).status === 0,
  );
}

const python = findPython();
if (python === undefined) {
  console.warn('python-interop: SKIPPED: no python3 with grpc and protobuf (apt-get install python3-grpcio python3-protobuf)');
}

let running: Running;
beforeAll(async () => {
  if (python === undefined) return;
  const gen = spawnSync(path.join(example, 'generate.sh'), { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`examples/python/generate.sh failed:\n${gen.stdout}${gen.stderr}`);
  running = await startFlic();
});
afterAll(async () => {
  await running?.close();
});

describe('Python interop', () => {
  it.skipIf(python === undefined)('examples/python/client.py passes against the real server', async () => {
    const run = promisify(execFile);
    const result = await run(python!, [path.join(example, 'client.py'), '--addr', running.target], { timeout: 60_000 }).catch(
      (err: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`client.py exited ${err.code}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      },
    );
    expect(result.stdout).toContain('all checks passed');
    expect(result.stdout).toContain('EINVAL reason');
  });
});
