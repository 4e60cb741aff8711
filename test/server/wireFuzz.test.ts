// The wire-level fuzz, short and seeded (issue 11 item 3 and the acceptance; the benchmark's quick
// mode runs a longer one): every answer is the model's and the server's VMs stay the model's.

import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/server/app.js';
import { runWireFuzz } from '../support/wireFuzz.js';
import { testServiceConfig } from './fixture.js';
import { RawGrpcConnection, grpcFrame } from '../support/rawGrpc.js';

const MAX_VMS = 40;
let flic: RunningService;

beforeAll(async () => {
  flic = await startService(testServiceConfig({ maxVms: MAX_VMS }));
});

afterAll(async () => {
  await flic.stop('test done');
});

describe('wire-level fuzz', () => {
  it('random, truncated and mutated requests to every method, plain and compressed, change nothing the decoded request does not explain', async () => {
    const report = await runWireFuzz({ target: `127.0.0.1:${flic.grpcPort}`, seed: 20260511, calls: 600, maxVms: MAX_VMS, checkEvery: 20 });
    expect(report.failures).toEqual([]);
    expect(report.reachedDevice).toBeGreaterThan(100);
    expect(report.compressed).toBeGreaterThan(100);
    for (const code of ['OK', 'INVALID_ARGUMENT', 'NOT_FOUND', 'RESOURCE_EXHAUSTED']) expect(report.codes[code], code).toBeGreaterThan(0);
    const raw = new RawGrpcConnection(`127.0.0.1:${flic.grpcPort}`);
    const health = await raw.call('/grpc.health.v1.Health/Check', grpcFrame(Buffer.alloc(0)));
    raw.close();
    expect(health.code).toBe(status.OK);
  });
});
