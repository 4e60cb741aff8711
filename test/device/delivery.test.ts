// The delivery vectors (flic-delivery.md §1-§4, §6) on the in-process device; the same vectors run
// through the real server in test/server/delivery.test.ts.
import { describe, it } from 'vitest';
import { KvmError, VmRegistry } from '../../src/device/index.js';
import { replayDelivery } from '../support/deliveryReplay.js';
import { DELIVERY_VECTORS } from '../support/deliveryVectors.js';

const errnoOf = (e: unknown): string => {
  if (e instanceof KvmError) return e.errnoName;
  throw e;
};

describe('delivery vectors (in-process device)', () => {
  const host = new VmRegistry();
  DELIVERY_VECTORS.forEach((v, i) => {
    it(v.id, async () => {
      await replayDelivery(host, v, `d-${i}`, errnoOf);
    });
  });
});
