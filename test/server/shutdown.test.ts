// The graceful stop of a real flic, in process. A call is held in flight in the most awkward
// place, half-way through uploading its request (a raw HTTP/2 stream that has sent its headers
// and part of its message), then the stop begins. While it drains: health answers NOT_SERVING,
// new Flic calls are refused with UNAVAILABLE, metrics still answer; the held call then finishes
// OK and the stop completes without forcing anything.

import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFlicProto } from '../../src/proto/loader.js';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { testServiceConfig } from './fixture.js';

const TEST_CONFIG: ServiceConfig = testServiceConfig({ shutdownGraceSeconds: 30 });

const FlicService = loadFlicProto().flic.v1.Flic;

/** A unary Flic call over a raw HTTP/2 stream, whose request we release when we choose. */
interface HeldCall {
  /** Sends the rest of the request; resolves with the call's grpc-status and its reply bytes. */
  finish(): Promise<{ status: number; message: string; reply: Buffer }>;
  /** Resolves when the stream is closed by the server without our finishing it. */
  readonly closed: Promise<{ rstCode: number }>;
  close(): void;
}

async function holdCall(port: number, method: 'CreateVm', request: { vmId: string }): Promise<HeldCall> {
  const def = FlicService.service[method];
  const message = def.requestSerialize(request);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);

  const session = http2.connect(`http://127.0.0.1:${port}`);
  // Errors surface through the stream's status; the session's own must not go unhandled.
  session.on('error', () => undefined);
  await new Promise<void>((resolve) => session.once('connect', () => resolve()));
  const stream = session.request({
    ':method': 'POST',
    ':path': def.path,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => undefined);
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  let trailers: http2.IncomingHttpHeaders = {};
  stream.on('trailers', (t) => {
    trailers = t;
  });
  let headers: http2.IncomingHttpHeaders = {};
  stream.on('response', (h) => {
    headers = h;
  });
  const closed = new Promise<{ rstCode: number }>((resolve) => stream.on('close', () => resolve({ rstCode: stream.rstCode ?? 0 })));
  stream.write(frame.subarray(0, 3));
  // A PING is answered after the frames before it were processed: the server has the stream now.
  await new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
  return {
    closed,
    async finish() {
      stream.end(frame.subarray(3));
      await closed;
      const status = Number(trailers['grpc-status'] ?? headers['grpc-status']);
      const message = decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? ''));
      session.close();
      const body = Buffer.concat(chunks);
      return { status, message, reply: body.subarray(5) };
    },
    close() {
      session.destroy();
    },
  };
}

function healthCheck(port: number, service: string): Promise<string> {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    check(r: { service: string }, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
  };
  return new Promise((resolve, reject) => {
    client.check({ service }, (err, res) => {
      client.close();
      if (err === null) resolve(res?.status ?? '');
      else reject(err);
    });
  });
}

function listVms(port: number): Promise<string[]> {
  const client = new FlicService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.ListVms({}, (err, res) => {
      client.close();
      if (err === null) resolve(res?.vmIds ?? []);
      else reject(err);
    });
  });
}

let flic: RunningService | undefined;
const held: HeldCall[] = [];

afterEach(async () => {
  for (const h of held.splice(0)) h.close();
  await flic?.stop('test done');
  flic = undefined;
});

describe('graceful stop', () => {
  it('lets a call in flight finish, refuses new calls, and reports NOT_SERVING meanwhile', async () => {
    flic = await startService(TEST_CONFIG);
    const port = flic.grpcPort;
    const call = await holdCall(port, 'CreateVm', { vmId: 'late' });
    held.push(call);

    let stopped = false;
    const stopping = flic.stop('test').then((r) => {
      stopped = true;
      return r;
    });

    expect(await healthCheck(port, '')).toBe('NOT_SERVING');
    expect(await healthCheck(port, 'flic.v1.Flic')).toBe('NOT_SERVING');
    await expect(listVms(port)).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: 'flic is shutting down',
    });
    const text = await (await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`)).text();
    expect(text).toContain(
      'grpc_server_handled_total{grpc_type="unary",grpc_service="flic.v1.Flic",grpc_method="ListVms",grpc_code="Unavailable"} 1',
    );
    expect(text).toContain('grpc_server_started_total{grpc_type="unary",grpc_service="flic.v1.Flic",grpc_method="ListVms"} 1');
    expect(stopped).toBe(false);

    const result = await call.finish();
    expect(result).toMatchObject({ status: grpc.status.OK });
    expect(flic.vms.listVms()).toEqual(['late']);
    expect(await stopping).toEqual({ forced: false });
    await expect(listVms(port)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('cancels what is still in flight when the grace period ends, and still stops', async () => {
    flic = await startService({ ...TEST_CONFIG, shutdownGraceSeconds: 0.3 });
    const call = await holdCall(flic.grpcPort, 'CreateVm', { vmId: 'never' });
    held.push(call);
    expect(await flic.stop('test')).toEqual({ forced: true });
    await call.closed;
    expect(flic.vms.listVms()).toEqual([]);
  });

  it('a call cancelled by its client during the drain does not hold the stop up', async () => {
    flic = await startService(TEST_CONFIG);
    const call = await holdCall(flic.grpcPort, 'CreateVm', { vmId: 'gone' });
    const stopping = flic.stop('test');
    call.close();
    expect(await stopping).toEqual({ forced: false });
  });

  it('stop is idempotent', async () => {
    flic = await startService(TEST_CONFIG);
    const a = flic.stop('first');
    const b = flic.stop('second');
    expect(a).toBe(b);
    expect(await a).toEqual({ forced: false });
  });
});
