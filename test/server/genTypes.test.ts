// src/gen/ is generated from proto/ with the shared proto-loader options and committed; running
// the generator again must reproduce it byte for byte (no hand edits, no stale types).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = mkdtempSync(path.join(tmpdir(), 'flic-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

describe('generated types', () => {
  it('regenerating src/gen gives no diff', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-types.mjs'), '--out', out], { cwd: root });
    const committed = path.join(root, 'src', 'gen');
    const fresh = files(out).sort();
    expect(files(committed).sort()).toEqual(fresh);
    for (const f of fresh) {
      expect(readFileSync(path.join(committed, f), 'utf8'), f).toBe(readFileSync(path.join(out, f), 'utf8'));
    }
  });
});
