// The delivery vectors (flic-delivery.md §1-§4, §6) through the real server and the real client,
// the same vectors as the in-process device runs (test/device/delivery.test.ts). The errno is read
// from the status-details trailer, as another language's client reads it.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { replayDelivery } from '../support/deliveryReplay.js';
import { DELIVERY_VECTORS } from '../support/deliveryVectors.js';
import { startTestServer, type TestServer } from './fixture.js';
import { trailerErrno } from './rpcStatus.js';

let running: TestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.close();
});

describe('delivery vectors (through gRPC)', () => {
  DELIVERY_VECTORS.forEach((v, i) => {
    it(v.id, async () => {
      await replayDelivery(running.client, v, `d-${i}`, trailerErrno);
    });
  });
});
