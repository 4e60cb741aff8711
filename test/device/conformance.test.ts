// Every kernel vector, replayed through the device's raw entry points.
import { describe, expect, it } from 'vitest';
import { KvmError, VmRegistry } from '../../src/device/index.js';
import { replay } from '../conformance/replay.js';
import { VECTORS } from '../conformance/vectors.js';

const errnoOf = (e: unknown): string => {
  if (e instanceof KvmError) return e.errnoName;
  throw e;
};

describe('kernel conformance vectors (in-process device)', () => {
  const host = new VmRegistry();
  for (const v of VECTORS) {
    it(`${v.id}: ${v.title}`, async () => {
      expect(await replay(host, v, `vm-${v.id}`, errnoOf)).toEqual([]);
    });
  }
});
