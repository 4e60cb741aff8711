// Every kernel vector replayed through the real server (SetDeviceAttr / GetDeviceAttr /
// HasDeviceAttr via RemoteVm). The errno is read from the status-details trailer with nothing but
// the google.rpc protos, the way a client in another language reads it, not from the client's
// KvmError mapping.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../conformance/replay.js';
import { VECTORS } from '../conformance/vectors.js';
import { startTestServer, type TestServer } from './fixture.js';
import { trailerErrno } from './rpcStatus.js';

let running: TestServer;
beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.close();
});

describe('kernel conformance vectors (through gRPC)', () => {
  for (const v of VECTORS) {
    it(`${v.id}: ${v.title}`, async () => {
      expect(await replay(running.client, v, `vm-${v.id}`, trailerErrno)).toEqual([]);
    });
  }
});
