// grpc.health.v1 on a real flic, with a real grpc-js health client: Check and Watch for the
// whole server ('') and for flic.v1.Flic; NOT_SERVING once a stop begins, and Watch streams end.

import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import { testServiceConfig } from './fixture.js';

interface HealthClient extends grpc.Client {
  check(
    request: { service: string },
    callback: (err: grpc.ServiceError | null, response?: { status: string }) => void,
  ): grpc.ClientUnaryCall;
  watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
}

const HealthClientCtor = grpc.makeGenericClientConstructor(healthService, 'Health') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => HealthClient;

let flic: RunningService;
let health: HealthClient;

function check(service: string): Promise<string> {
  return new Promise((resolve, reject) => {
    health.check({ service }, (err, response) => (err === null ? resolve(response?.status ?? '') : reject(err)));
  });
}

/** Collects a Watch stream's statuses until it ends; resolves with them and the final status code. */
function watch(service: string): {
  statuses: string[];
  next: () => Promise<string>;
  ended: Promise<{ code: number; statuses: string[] }>;
} {
  const statuses: string[] = [];
  let waiting: ((s: string) => void) | undefined;
  const call = health.watch({ service });
  call.on('data', (m: { status: string }) => {
    statuses.push(m.status);
    waiting?.(m.status);
    waiting = undefined;
  });
  let seen = 0;
  const ended = new Promise<{ code: number; statuses: string[] }>((resolve) => {
    call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, statuses }));
    call.on('status', (s: grpc.StatusObject) => {
      if (s.code === grpc.status.OK) resolve({ code: s.code, statuses });
    });
  });
  return {
    statuses,
    next: () => {
      if (statuses.length > seen) return Promise.resolve(statuses[seen++]!);
      return new Promise((resolve) => {
        waiting = (s) => {
          seen++;
          resolve(s);
        };
      });
    },
    ended,
  };
}

beforeEach(async () => {
  flic = await startService(testServiceConfig());
  health = new HealthClientCtor(`127.0.0.1:${flic.grpcPort}`, grpc.credentials.createInsecure());
});

afterEach(async () => {
  health.close();
  await flic.stop('test done');
});

describe('health', () => {
  it('Check answers SERVING for the server and for flic.v1.Flic while up', async () => {
    expect(await check('')).toBe('SERVING');
    expect(await check('flic.v1.Flic')).toBe('SERVING');
  });

  it('Check answers NOT_FOUND for a service it does not know', async () => {
    await expect(check('no.such.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('Watch sees SERVING, then NOT_SERVING when the stop begins, then the stream ends OK', async () => {
    const whole = watch('');
    const flicWatch = watch('flic.v1.Flic');
    expect(await whole.next()).toBe('SERVING');
    expect(await flicWatch.next()).toBe('SERVING');

    const stopped = flic.stop('test');
    expect(await whole.next()).toBe('NOT_SERVING');
    expect(await flicWatch.next()).toBe('NOT_SERVING');
    expect(await whole.ended).toEqual({ code: grpc.status.OK, statuses: ['SERVING', 'NOT_SERVING'] });
    expect(await flicWatch.ended).toEqual({ code: grpc.status.OK, statuses: ['SERVING', 'NOT_SERVING'] });
    // The open Watch streams did not hold the stop up until the grace period.
    expect(await stopped).toEqual({ forced: false });
  });

  it('Watch of an unknown service reports SERVICE_UNKNOWN and stays open', async () => {
    const w = watch('no.such.Service');
    expect(await w.next()).toBe('SERVICE_UNKNOWN');
    expect(await check('')).toBe('SERVING');
  });
});
