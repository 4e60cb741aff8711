// Connection, stream and slow-reader limits of a real flic (startService on 127.0.0.1:0), probed
// with real sockets: raw TCP for the handshake, Node's HTTP/2 client for settings, pings, idle
// connections and an unread reply.

import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_FLIC_GET_ALL_IRQS, KVM_DEV_TYPE_FLIC, KVM_S390_FLIC_MAX_BUFFER } from '../../src/device/index.js';
import { startService, type RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { MAX_PING_STRIKES } from '../../src/server/connectionLimits.js';
import { grpcFrame, methodPath, serialize } from '../../bench/load/grpcFrame.js';
import { fullQueueIrqs, rawChunks } from '../support/workload.js';
import { testServiceConfig } from './fixture.js';

let flic: RunningService | undefined;
const sessions: http2.ClientHttp2Session[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  for (const s of sockets.splice(0)) s.destroy();
  await flic?.stop('test done');
  flic = undefined;
});

async function start(overrides: Partial<ServiceConfig>): Promise<RunningService> {
  flic = await startService(testServiceConfig(overrides));
  return flic;
}

async function connect(port: number): Promise<http2.ClientHttp2Session> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  sessions.push(session);
  await once(session, 'remoteSettings');
  return session;
}

async function limitHits(service: RunningService, limit: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`)).text();
  const m = new RegExp(`^flic_server_limit_hits_total\\{limit="${limit}"\\} (\\d+)$`, 'm').exec(text);
  return Number(m?.[1] ?? NaN);
}

/** Resolves with how the socket ended: closed by the server, or still open after `ms`. */
function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  // Only a socket that reads sees the server's close.
  socket.resume();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('connection limits', () => {
  it('advertises the configured concurrent streams per connection', async () => {
    const s = await start({ maxConcurrentStreams: 7 });
    const session = await connect(s.grpcPort);
    expect(session.remoteSettings.maxConcurrentStreams).toBe(7);
  });

  it('closes connections past --max-connections as they are accepted, and counts them', async () => {
    const s = await start({ maxConnections: 2 });
    const kept = [await connect(s.grpcPort), await connect(s.grpcPort)];
    const third = net.connect(s.grpcPort, '127.0.0.1');
    sockets.push(third);
    third.on('error', () => undefined);
    expect(await closedWithin(third, 5000)).toBe(true);
    for (const k of kept) expect(k.closed).toBe(false);
    expect(await limitHits(s, 'max_connections')).toBe(1);
  });

  it('closes a connection that never sends the HTTP/2 preface after the handshake timeout', async () => {
    const s = await start({ handshakeTimeoutSeconds: 0.2 });
    const silent = net.connect(s.grpcPort, '127.0.0.1');
    sockets.push(silent);
    silent.on('error', () => undefined);
    await once(silent, 'connect');
    expect(await closedWithin(silent, 5000)).toBe(true);
    expect(await limitHits(s, 'handshake_timeout')).toBe(1);
    // A real client within the timeout keeps its connection.
    const session = await connect(s.grpcPort);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(session.closed).toBe(false);
  });

  it('sends GOAWAY to a connection without calls after the idle timeout', async () => {
    const s = await start({ idleTimeoutSeconds: 0.2 });
    const session = await connect(s.grpcPort);
    await once(session, 'goaway');
  });

  it('pings its clients every --keepalive-time', async () => {
    const s = await start({ keepaliveTimeSeconds: 0.1, keepaliveTimeoutSeconds: 5 });
    const session = await connect(s.grpcPort);
    await once(session, 'ping');
  });

  it('closes a connection without calls that pings too often (GOAWAY ENHANCE_YOUR_CALM, too_many_pings)', async () => {
    const s = await start({ minPingIntervalSeconds: 60 });
    const session = await connect(s.grpcPort);
    const goaway = once(session, 'goaway') as Promise<[number, number, Buffer | undefined]>;
    for (let i = 0; i <= MAX_PING_STRIKES + 1; i++) {
      await new Promise<void>((resolve) => {
        session.ping((err) => {
          if (err !== null) resolve(); // the last one fails once the server has gone away
          else resolve();
        });
      });
    }
    const [code, , data] = await goaway;
    expect(code).toBe(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
    expect(data?.toString()).toBe('too_many_pings');
    expect(await limitHits(s, 'too_many_pings')).toBe(1);
  });

  it('allows pings within the limit, and any number while a call is open', async () => {
    const s = await start({ minPingIntervalSeconds: 60 });
    const session = await connect(s.grpcPort);
    for (let i = 0; i < MAX_PING_STRIKES + 1; i++) await new Promise((resolve) => session.ping(resolve));
    expect(session.closed).toBe(false);
    // An open call (its request not finished) makes pings legitimate, as flow-control probes are.
    const call = session.request({ ':method': 'POST', ':path': methodPath('ListVms'), 'content-type': 'application/grpc', te: 'trailers' });
    call.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 10; i++) await new Promise((resolve) => session.ping(resolve));
    expect(session.closed).toBe(false);
    call.close();
    expect(await limitHits(s, 'too_many_pings')).toBe(0);
  });

  it('takes no strike for a ping after each of many calls made one after the other (as C-core pings after a reply)', async () => {
    const s = await start({ minPingIntervalSeconds: 60 });
    const session = await connect(s.grpcPort);
    for (let i = 0; i < 4 * (MAX_PING_STRIKES + 1); i++) {
      const call = session.request({ ':method': 'POST', ':path': methodPath('ListVms'), 'content-type': 'application/grpc', te: 'trailers' });
      call.on('error', () => undefined);
      call.resume();
      call.end(grpcFrame(serialize('ListVms', {})));
      await once(call, 'close');
      await new Promise((resolve) => session.ping(resolve));
    }
    expect(session.closed).toBe(false);
    expect(await limitHits(s, 'too_many_pings')).toBe(0);
  });
});

describe('the send timeout', () => {
  it('leaves alone a stream that has nothing waiting: a health Watch between two statuses', async () => {
    const s = await start({ sendTimeoutSeconds: 0.2 });
    const session = await connect(s.grpcPort);
    const watch = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Watch',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    watch.on('error', () => undefined);
    const firstStatus = once(watch, 'data');
    watch.end(grpcFrame(new Uint8Array(0)));
    await firstStatus;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(watch.closed).toBe(false);
    expect(await limitHits(s, 'send_timeout')).toBe(0);
    watch.close();
  });

  it('cancels a reply its client does not read and frees its heavy-call slot', async () => {
    const s = await start({ sendTimeoutSeconds: 0.3, maxHeavyCalls: 1, maxQueuedHeavyCalls: 0 });
    const client = new FlicClient(`127.0.0.1:${s.grpcPort}`);
    try {
      await client.createVm('full');
      const vm = client.vm('full');
      await vm.createDevice(KVM_DEV_TYPE_FLIC);
      for (const data of rawChunks(fullQueueIrqs(), 20_000)) {
        await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
      }
      // A client that asks for the 19 MB raw GET_ALL_IRQS and never reads it: its flow-control
      // window (64 KiB) fills, and the rest of the reply waits in the server.
      const session = await connect(s.grpcPort);
      const request = { vmId: 'full', flags: 0, group: KVM_DEV_FLIC_GET_ALL_IRQS, attr: KVM_S390_FLIC_MAX_BUFFER, data: new Uint8Array(0), badAddr: false };
      const stream = session.request({
        ':method': 'POST',
        ':path': methodPath('GetDeviceAttr'),
        'content-type': 'application/grpc',
        te: 'trailers',
      });
      stream.on('error', () => undefined);
      stream.pause();
      stream.end(grpcFrame(serialize('GetDeviceAttr', request)));
      await once(stream, 'close');
      expect(stream.rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
      expect(await limitHits(s, 'send_timeout')).toBe(1);
      // Its slot is free again: a heavy call by a reading client goes through.
      const records = await vm.getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER));
      expect(records.length).toBe(fullQueueIrqs().length);
    } finally {
      client.close();
    }
  });
});
