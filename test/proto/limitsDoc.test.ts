// docs/limits.md states the request limits and the answers to malformed calls for people; it must
// say what the code enforces.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUEST_MEMORY_MAX_RANGES } from '../../src/device/vmConfig.js';
import { flicRequestRoutes } from '../../src/proto/flicRequests.js';
import { MAX_MESSAGE_BYTES } from '../../src/proto/loader.js';
import {
  ENQUEUE_MAX_RECORDS,
  REQUEST_LIST_LIMITS,
  REQUEST_STRING_MAX_BYTES,
  SMALL_REQUEST_BYTES,
} from '../../src/proto/requestLimits.js';
import { REFUSAL_REASONS } from '../../src/server/hooks.js';

const doc = readFileSync(path.join(import.meta.dirname, '../../docs/limits.md'), 'utf8');
const rows = doc.split('\n').filter((l) => l.startsWith('| '));
const n = (x: number): string => x.toLocaleString('en');

describe('docs/limits.md', () => {
  it('states every list limit with its number', () => {
    for (const [field, { limit }] of Object.entries(REQUEST_LIST_LIMITS)) {
      const short = field.replace(/^flic\.v1\./, '');
      const row = rows.find((r) => r.includes(`\`${short}\``));
      expect(row, short).toBeDefined();
      expect(row).toContain(n(limit));
    }
    expect(ENQUEUE_MAX_RECORDS).toBe(466_033);
    expect(GUEST_MEMORY_MAX_RANGES).toBe(1024);
  });

  it('states the byte limits and which methods get the large one', () => {
    const large = rows.find((r) => r.includes(n(MAX_MESSAGE_BYTES)));
    const bulk = [...flicRequestRoutes().values()].filter((r) => r.maxBytes === MAX_MESSAGE_BYTES).map((r) => r.method);
    for (const method of bulk) expect(large, method).toContain(`\`${method}\``);
    expect(rows.some((r) => r.includes(n(SMALL_REQUEST_BYTES)) && r.includes('any other method'))).toBe(true);
    expect(rows.some((r) => r.includes('string') && r.includes(n(REQUEST_STRING_MAX_BYTES)))).toBe(true);
  });

  it('gives every refusal reason its row', () => {
    for (const reason of REFUSAL_REASONS) expect(rows.some((r) => r.endsWith(`| \`${reason}\` |`)), reason).toBe(true);
  });
});
