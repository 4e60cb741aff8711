// The Python example (examples/python/client.py, a user of the flic package in clients/python)
// against the real server: another language's gRPC stack and google.rpc stubs must read flic's
// statuses and ErrorInfo. It needs a Python with grpcio and protobuf >= 3.20 (Debian:
// python3-grpcio, python3-protobuf); the package's stubs are committed, so no protoc is needed.
// Without them the test skips and names what is missing; with FLIC_PYTHON set (CI sets it) a
// missing piece fails the test instead. The package's own tests are clients/python/tests (pytest).

import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolCheck } from '../support/systemTool.js';
import { startTestServer, type TestServer } from './fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = path.join(root, 'examples', 'python', 'client.py');
const packageSrc = path.join(root, 'clients', 'python', 'src');

/** What the example imports, and the Debian package that provides it. */
const REQUIRED_MODULES: ReadonlyArray<readonly [string, string]> = [
  ['grpc', 'python3-grpcio'],
  ['google.protobuf', 'python3-protobuf'],
  // The committed stubs use protobuf's builder API (protobuf >= 3.20).
  ['google.protobuf.internal.builder', 'python3-protobuf >= 3.20'],
];

const PROBE = `
import importlib, json, sys
missing = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
print(json.dumps(missing))
`;

/** What `python` lacks, as readable phrases; empty when it has everything. */
function missingIn(python: string): string[] {
  const probe = spawnSync(python, ['-c', PROBE, ...REQUIRED_MODULES.map(([m]) => m)], { encoding: 'utf8' });
  if (probe.status !== 0) return [`a working ${python}`];
  const missing = JSON.parse(probe.stdout) as string[];
  return REQUIRED_MODULES.filter(([m]) => missing.includes(m)).map(([m, pkg]) => `${m} (${pkg})`);
}

const forced = process.env['FLIC_PYTHON'];
const candidates = forced ? [forced] : ['python3', '/usr/bin/python3'];
const checked = candidates.map((python) => ({ python, missing: missingIn(python) }));
const python = checked.find((c) => c.missing.length === 0)?.python;
const missingReport = checked.map((c) => `${c.python} lacks ${c.missing.join(', ')}`).join('; ');
// A named interpreter (FLIC_PYTHON) must have everything: the test then runs and fails.
const pythonCheck = toolCheck('python-interop', python === undefined && !forced ? missingReport : undefined);

let running: TestServer | undefined;
beforeAll(async () => {
  if (python !== undefined) running = await startTestServer();
});
afterAll(async () => {
  await running?.close();
});

describe('Python interop', () => {
  // Skips only when no interpreter has what it needs and none was named; a named one must.
  it.skipIf(!pythonCheck.run)('examples/python/client.py passes against the real server', async () => {
    pythonCheck.assertPresent();
    if (python === undefined) throw new Error(`FLIC_PYTHON=${forced ?? ''}: ${missingReport}`);
    const run = promisify(execFile);
    const env = { ...process.env, PYTHONPATH: [packageSrc, process.env['PYTHONPATH']].filter(Boolean).join(path.delimiter) };
    const result = await run(python, [example, '--addr', running!.target], { timeout: 60_000, env }).catch(
      (err: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`client.py exited ${err.code}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      },
    );
    expect(result.stdout).toContain('all checks passed');
    expect(result.stdout).toContain('ok  EINVAL: (\'EINVAL\', 22, \'KVM_DEV_FLIC_CLEAR_IO_IRQ\')');
    expect(result.stdout).toContain("ok  ENOMEM requiredBytes: '144'");
  });
});
