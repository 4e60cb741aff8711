// docs/operating.md says, for every RPC, whether a harness may retry it as is after an ambiguous
// failure (a deadline or a cancellation after the request arrived): a new RPC without a row fails.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlicProto } from '../../src/proto/loader.js';

const REPO = path.join(import.meta.dirname, '../..');

function retryTable(): Map<string, string> {
  const text = readFileSync(path.join(REPO, 'docs', 'operating.md'), 'utf8');
  const start = text.indexOf('### Deadlines, cancellation and retries');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start, text.indexOf('\n### ', start + 1));
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\|\s*([A-Z][A-Za-z]+)\s*\|\s*([^|]+?)\s*\|/gm)) {
    if (m[1] !== undefined && m[1] !== 'RPC' && m[2] !== undefined) rows.set(m[1], m[2]);
  }
  return rows;
}

describe('the retry table of docs/operating.md', () => {
  const methods = Object.values(loadFlicProto().flic.v1.Flic.service).map((d) => d.path.slice(d.path.lastIndexOf('/') + 1));
  const rows = retryTable();

  it('has one row per RPC of flic.v1.Flic, and none for RPCs that do not exist', () => {
    expect([...rows.keys()].sort()).toEqual([...methods].sort());
  });

  it('says for each whether it is idempotent', () => {
    for (const [rpc, retry] of rows) expect(retry, rpc).toMatch(/idempotent|no|as the group/);
  });
});
