// SIGTERM with calls in flight, against the built server started as a process. The calls are
// slow in the ways real ones are: clients that read large GET_ALL_IRQS replies (a full I/O queue,
// about 10 MB each) slower than the server writes them, and clients still uploading large ENQUEUE
// batches. Every one of them must finish OK, new calls must be refused, and the process must
// exit 0.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http2 from 'node:http2';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import {
  KVM_DEV_TYPE_FLIC,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_MAX_FLOAT_IRQS,
  iscToIntWord,
  ioType,
} from '../../src/device/abi/index.js';
import type { Irq } from '../../src/device/types.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO, 'dist', 'src', 'server', 'main.js');
const Flic = loadFlicProto().flic.v1.Flic;

interface LogLine {
  msg: string;
  [key: string]: unknown;
}

const children: ChildProcess[] = [];
const sessions: http2.ClientHttp2Session[] = [];

afterAll(() => {
  for (const s of sessions) s.destroy();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function grpcFrame(message: Buffer): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
}

/** A unary call on a raw HTTP/2 stream of its own connection, so its pace is ours to set. */
async function rawCall(port: number, path: string): Promise<{
  stream: http2.ClientHttp2Stream;
  session: http2.ClientHttp2Session;
  done: Promise<{ status: number; message: string; body: Buffer }>;
}> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  sessions.push(session);
  session.on('error', () => undefined);
  await new Promise<void>((resolve) => session.once('connect', () => resolve()));
  const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => undefined);
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  let headers: http2.IncomingHttpHeaders = {};
  let trailers: http2.IncomingHttpHeaders = {};
  stream.on('response', (h) => (headers = h));
  stream.on('trailers', (t) => (trailers = t));
  const done = new Promise<{ status: number; message: string; body: Buffer }>((resolve) =>
    stream.on('close', () => {
      const status = Number(trailers['grpc-status'] ?? headers['grpc-status'] ?? -1);
      const message = decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? ''));
      resolve({ status, message, body: Buffer.concat(chunks) });
    }),
  );
  return { stream, session, done };
}

/** Resolves after the server has processed everything this session sent before. */
function roundTrip(session: http2.ClientHttp2Session): Promise<void> {
  return new Promise((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
}

function ioBatch(count: number, isc: number, first = 0): Irq[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'io' as const,
    type: ioType(0, 0, 1 + ((first + i) % 0xfffe)),
    subchannelId: 0,
    subchannelNr: 1 + ((first + i) % 0xfffe),
    ioIntParm: first + i,
    ioIntWord: iscToIntWord(isc),
  }));
}

interface FlicProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  lines(): LogLine[];
  logged(msg: string): Promise<LogLine>;
}

async function startFlicProcess(env: Record<string, string>): Promise<FlicProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      FLIC_HOST: '127.0.0.1',
      FLIC_PORT: '0',
      FLIC_METRICS_HOST: '127.0.0.1',
      FLIC_METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const lines = (): LogLine[] =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  const logged = (msg: string): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const look = (): boolean => {
        const line = lines().find((l) => l.msg === msg);
        if (line !== undefined) resolve(line);
        return line !== undefined;
      };
      if (look()) return;
      const onData = (): void => {
        if (look()) child.stdout?.off('data', onData);
      };
      child.stdout?.on('data', onData);
      void exited.then(() => reject(new Error(`exited without logging "${msg}":\n${out}`)));
    });
  const port = (await logged('flic listening'))['port'] as number;
  return { child, port, exited, lines, logged };
}

/** A GET_ALL_IRQS whose reply we do not read: the server writes up to the flow-control window. */
async function slowReader(port: number, vmId: string): Promise<Awaited<ReturnType<typeof rawCall>>> {
  const r = await rawCall(port, Flic.service.GetAllIrqs.path);
  r.stream.pause();
  const request = Flic.service.GetAllIrqs.requestSerialize({ vmId, bufferLen: String(KVM_S390_FLIC_MAX_BUFFER) });
  r.stream.end(grpcFrame(request));
  await new Promise((resolve) => r.stream.once('response', resolve));
  return r;
}

async function fullQueue(client: FlicClient, vmId: string): Promise<void> {
  await client.createVm(vmId);
  await client.vm(vmId).createDevice(KVM_DEV_TYPE_FLIC);
  const batch = KVM_S390_MAX_FLOAT_IRQS / 5;
  for (let b = 0; b < 5; b++) await client.vm(vmId).enqueue(ioBatch(batch, b, b * batch));
}

describe('SIGTERM with calls in flight (the built server as a process)', () => {
  it('every call in flight finishes OK, new calls get UNAVAILABLE, and the process exits 0', { timeout: 180_000 }, async () => {
    // Three unread heavy replies at once: a slot each, and no send timeout while the test holds them.
    const flic = await startFlicProcess({ FLIC_SHUTDOWN_GRACE: '150', FLIC_MAX_HEAVY_CALLS: '3', FLIC_SEND_TIMEOUT: '0' });
    const { port, lines, logged } = flic;

    // A full I/O queue (the kernel's shared limit) to read, and an empty VM to upload into.
    const client = new FlicClient(`127.0.0.1:${port}`);
    await fullQueue(client, 'full');
    await client.createVm('sink');
    await client.vm('sink').createDevice(KVM_DEV_TYPE_FLIC);

    // Three slow readers: each reply is written up to the flow-control window, then waits for us.
    const readers = [];
    for (let i = 0; i < 3; i++) readers.push(await slowReader(port, 'full'));
    // Two uploads stopped half-way through their request message.
    const uploads = [];
    for (let i = 0; i < 2; i++) {
      const r = await rawCall(port, Flic.service.Enqueue.path);
      const frame = grpcFrame(Flic.service.Enqueue.requestSerialize({ vmId: 'sink', irqs: irqsToMessages(ioBatch(50_000, i)) }));
      const half = Math.floor(frame.length / 2);
      r.stream.write(frame.subarray(0, half));
      await roundTrip(r.session);
      uploads.push({ ...r, rest: frame.subarray(half) });
    }

    flic.child.kill('SIGTERM');
    const draining = await logged('flic draining');
    expect(draining).toMatchObject({ reason: 'SIGTERM', inFlight: 5 });

    // Draining: health says NOT_SERVING, a new Flic call is refused.
    const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
    const health = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
      check(r: { service: string }, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
    };
    const status = await new Promise<string | undefined>((resolve, reject) =>
      health.check({ service: 'flic.v1.Flic' }, (err, res) => (err ? reject(err) : resolve(res?.status))),
    );
    health.close();
    expect(status).toBe('NOT_SERVING');
    await expect(client.listVms()).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    client.close();
    expect(lines().some((l) => l.msg === 'flic stopped')).toBe(false);

    // Let the calls in flight go on: every one ends OK, with its whole reply.
    for (const u of uploads) u.stream.end(u.rest);
    for (const r of readers) r.stream.resume();
    for (const u of uploads) expect(await u.done).toMatchObject({ status: grpc.status.OK });
    for (const r of readers) {
      const { status: code, body } = await r.done;
      expect(code).toBe(grpc.status.OK);
      const reply = Flic.service.GetAllIrqs.responseDeserialize(body.subarray(5));
      expect(reply.irqs.length).toBe(KVM_S390_MAX_FLOAT_IRQS);
      expect(Number(reply.count)).toBe(KVM_S390_MAX_FLOAT_IRQS);
    }

    expect(await flic.exited).toEqual({ code: 0, signal: null });
    expect(lines().find((l) => l.msg === 'flic stopped')).toMatchObject({ reason: 'SIGTERM', forced: false });
  });

  it('waiting Deliver calls are in flight, and SIGTERM ends them with NONE at once', { timeout: 60_000 }, async () => {
    const flic = await startFlicProcess({ FLIC_SHUTDOWN_GRACE: '150' });
    const metricsPort = (await flic.logged('flic listening'))['metricsPort'] as number;
    const client = new FlicClient(`127.0.0.1:${flic.port}`);
    await client.createVm('idle');
    await client.vm('idle').createDevice(KVM_DEV_TYPE_FLIC);
    const open = { pswMask: 0x0304000000000000n, cr0: 0x6e00n, cr6: 0xff000000n, cr14: 0n };
    const waits = [0, 1].map((cpuId) => client.vm('idle').deliver({ ...open, cpuId }, { waitMs: 600_000 }));
    const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    for (let i = 0; i < 500 && !/^flic_waiting_vcpus 2$/m.test(await scrape()); i++) await new Promise((r) => setTimeout(r, 10));

    flic.child.kill('SIGTERM');
    expect(await flic.logged('flic draining')).toMatchObject({ reason: 'SIGTERM', inFlight: 2 });
    expect((await Promise.all(waits)).map((d) => d.interruptClass)).toEqual(['none', 'none']);
    client.close();
    expect(await flic.exited).toEqual({ code: 0, signal: null });
    expect(flic.lines().find((l) => l.msg === 'flic stopped')).toMatchObject({ reason: 'SIGTERM', forced: false });
  });

  it('past --shutdown-grace it cancels what is left and still exits 0', { timeout: 120_000 }, async () => {
    const flic = await startFlicProcess({ FLIC_SHUTDOWN_GRACE: '1' });
    const client = new FlicClient(`127.0.0.1:${flic.port}`);
    await fullQueue(client, 'full');
    client.close();
    const reader = await slowReader(flic.port, 'full');

    flic.child.kill('SIGTERM');
    expect(await flic.logged('flic draining')).toMatchObject({ inFlight: 1, graceSeconds: 1 });
    expect(await flic.exited).toEqual({ code: 0, signal: null });
    expect(flic.lines().find((l) => l.msg === 'flic stopped')).toMatchObject({ reason: 'SIGTERM', forced: true });
    reader.stream.resume();
    expect((await reader.done).status).not.toBe(grpc.status.OK);
  });
});
