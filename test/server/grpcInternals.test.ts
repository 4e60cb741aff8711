// What src/server/grpcInternals.ts relies on in grpc-js beyond its public API, pinned through a
// real server: each test fails when an upgrade of grpc-js changes the behaviour it names.

import { status } from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_REQUEST_BYTES } from '../../src/proto/requestLimits.js';
import { BOOT_ID_KEY } from '../../src/proto/wire.js';
import { assertGrpcInternals } from '../../src/server/grpcInternals.js';
import { decompressRequest } from '../../src/server/requestDecompression.js';
import { RawGrpcConnection, grpcFrame } from '../support/rawGrpc.js';
import { RecordingHooks, startTestServer, type TestServer } from './fixture.js';

const DELETE_VM = '/flic.v1.Flic/DeleteVm';

let server: TestServer;
let hooks: RecordingHooks;
let raw: RawGrpcConnection;

beforeAll(async () => {
  hooks = new RecordingHooks();
  server = await startTestServer({ hooks });
  raw = new RawGrpcConnection(server.target);
});

afterAll(async () => {
  raw.close();
  await server.close();
});

describe('grpc-js internals', () => {
  it('are those of the pinned version', () => {
    const require = createRequire(import.meta.url);
    expect((require('@grpc/grpc-js/package.json') as { version: string }).version).toBe('1.14.7');
    expect(() => assertGrpcInternals()).not.toThrow();
  });

  it('the frame reader takes the method\'s limit: a 20 MB frame to DeleteVm is refused at its header', async () => {
    // Only the header and 1 KiB of the body are sent; the answer cannot wait for the rest.
    const header = grpcFrame(Buffer.alloc(1024)).subarray(0, 5);
    header.writeUInt32BE(20_000_000, 1);
    hooks.events.length = 0;
    const r = await raw.call(DELETE_VM, Buffer.concat([header, Buffer.alloc(1024)]), { keepOpen: true, timeoutMs: 5000 });
    expect(r.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(r.message).toBe(`request of ${DELETE_VM} is more than ${SMALL_REQUEST_BYTES} bytes, the limit of this method`);
    expect(hooks.events).toEqual(['start DeleteVm', 'refused DeleteVm too_large', `finish DeleteVm ${status.RESOURCE_EXHAUSTED}`]);
  });

  it('decompression is flic\'s: a gzip frame that inflates one byte past the limit is refused', async () => {
    const frame = grpcFrame(zlib.gzipSync(Buffer.alloc(SMALL_REQUEST_BYTES + 1)), 1);
    const r = await raw.call(DELETE_VM, frame, { headers: { 'grpc-encoding': 'gzip' } });
    expect(r.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(r.message).toBe(`request of ${DELETE_VM} decompresses to more than ${SMALL_REQUEST_BYTES} bytes, the limit of this method`);
  });

  it('a status grpc-js sends by itself (the deadline) is seen, with the boot id in the headers', async () => {
    hooks.events.length = 0;
    const r = await raw.call(DELETE_VM, Buffer.alloc(0), { keepOpen: true, headers: { 'grpc-timeout': '50m' } });
    expect(r.code).toBe(status.DEADLINE_EXCEEDED);
    expect(r.headers[BOOT_ID_KEY]).toBe(server.flic.bootId);
    expect(hooks.events).toEqual(['start DeleteVm', `finish DeleteVm ${status.DEADLINE_EXCEEDED}`]);
  });

  it('a call to a method the server lacks is seen', async () => {
    hooks.events.length = 0;
    const r = await raw.call('/flic.v1.Flic/Nope', grpcFrame(Buffer.alloc(0)));
    expect(r.code).toBe(status.UNIMPLEMENTED);
    expect(hooks.events).toEqual(['unknown /flic.v1.Flic/Nope']);
  });
});

describe('decompressRequest', () => {
  it('inflates into one buffer sized for the body, so nothing is joined or copied', async () => {
    const body = Buffer.alloc(1 << 20, 3);
    const gz = zlib.gzipSync(body);
    const out = await decompressRequest(grpcFrame(gz, 1), 'gzip', DELETE_VM, 33 << 20);
    expect(out.equals(body)).toBe(true);
    expect(out.buffer.byteLength).toBeLessThanOrEqual(gz.length * 1032 + 64);
    expect(out.byteOffset).toBe(0);
  });
});
