// The whole flic service, composed: the gRPC server with health and reflection, the metrics
// endpoint, the hooks that feed the metrics, the drain, and the graceful stop. main.ts only reads
// the configuration, calls startService and turns signals into stop().

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Server } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { VmRegistry } from '../device/index.js';
import { loadFlicProto } from '../proto/loader.js';
import type { ServiceConfig } from './config.js';
import { Drain } from './drain.js';
import { FLIC_SERVICE_NAME, FlicHealth } from './health.js';
import type { ServerHooks } from './hooks.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { HeavyCallGate } from './heavyCallGate.js';
import { flicHeavyClassifier, heavyCallInterceptor } from './heavyCalls.js';
import { createLogger, logDeviceError, logListening, logStart } from './logger.js';
import type { Logger } from './logger.js';
import { choosePendingBudget } from './memoryLimit.js';
import { createFlicMetrics } from './metrics.js';
import { startMetricsServer } from './metricsHttp.js';
import { addReflection } from './reflection.js';
import { createFlicServer, type FlicServer } from './server.js';

export interface StartServiceOptions {
  /** Default: JSON lines on stdout at config.logLevel. */
  readonly logger?: Logger;
  /** Default: a new registry holding at most config.maxVms VMs, with the pending-interrupt budget. */
  readonly vms?: VmRegistry;
}

const MS = 1000;

/** The configuration's connection limits, in the units connectionLimits.ts takes. */
function connectionLimits(config: ServiceConfig): ConnectionLimits {
  return {
    maxConnections: config.maxConnections,
    maxConcurrentStreams: config.maxConcurrentStreams,
    handshakeTimeoutMs: config.handshakeTimeoutSeconds * MS,
    idleTimeoutMs: config.idleTimeoutSeconds * MS,
    keepaliveTimeMs: config.keepaliveTimeSeconds * MS,
    keepaliveTimeoutMs: config.keepaliveTimeoutSeconds * MS,
    minPingIntervalMs: config.minPingIntervalSeconds * MS,
    sendTimeoutMs: config.sendTimeoutSeconds * MS,
  };
}

export interface StopResult {
  /** True when the grace period ran out and the remaining calls were cancelled. */
  readonly forced: boolean;
}

/** A started flic service: its ports, its VMs and its metrics, and the way to stop it. */
export interface RunningService {
  /** The gRPC address as bound (host:port). */
  readonly address: string;
  readonly grpcPort: number;
  readonly metricsPort: number;
  readonly vms: VmRegistry;
  readonly registry: Registry;
  readonly health: FlicHealth;
  /**
   * Graceful stop: health NOT_SERVING, new Flic calls refused with UNAVAILABLE, calls in flight
   * finish (cancelled once the grace period is over), then both servers close. Idempotent.
   */
  stop(reason?: string): Promise<StopResult>;
}

/** Resolves true if `promise` settles within `ms`, false otherwise (and leaves no timer behind). */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tryShutdown(server: Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

export async function startService(configured: ServiceConfig, options: StartServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(configured.logLevel);
  // The start line shows the budget as resolved (the configured one, or the memory limit's share).
  const maxPendingBytes = choosePendingBudget(configured.maxPendingBytes);
  const config: ServiceConfig = { ...configured, maxPendingBytes };
  logStart(logger, config);
  const vms = options.vms ?? new VmRegistry({ maxVms: config.maxVms, maxPendingBytes });
  const flicService = loadFlicProto().flic.v1.Flic.service;
  const gate = new HeavyCallGate(config.maxHeavyCalls, config.maxQueuedHeavyCalls);
  let flicServer: FlicServer | undefined;
  const { registry, grpc, device, limits, exposition } = createFlicMetrics({
    vms,
    services: [flicService],
    maxVmSeries: config.metricsMaxVms,
    minIntervalMs: config.metricsMinIntervalSeconds * MS,
    limits: { heavyCalls: () => gate, connections: () => flicServer?.connections ?? 0 },
  });
  const drain = new Drain();
  const health = new FlicHealth();

  // On the hot path: plain method calls, no allocation. Admission is decided earlier, when the
  // call's stream opens (Drain.interceptor), so a call that reaches its handler is admitted.
  const hooks: ServerHooks = {
    callStarted: (method) => grpc.started(method),
    callFinished: (method, code, seconds) => grpc.finished(method, code, seconds),
    deviceError(err) {
      device.deviceError(err);
      logDeviceError(logger, err);
    },
  };
  const refusals = {
    refused(path: string): void {
      grpc.started(path);
      grpc.finished(path, GrpcStatus.UNAVAILABLE, 0);
    },
  };
  const busy = {
    refused(path: string): void {
      grpc.started(path);
      grpc.finished(path, GrpcStatus.RESOURCE_EXHAUSTED, 0);
      limits.limitHit('heavy_call_queue');
    },
  };

  const metricsServer = await startMetricsServer(exposition, config.metricsHost, config.metricsPort);
  flicServer = await createFlicServer({
    host: config.host,
    port: config.port,
    vms,
    hooks,
    logger,
    limits: connectionLimits(config),
    limitObserver: limits,
    serverOptions: {
      interceptors: [drain.interceptor(`/${FLIC_SERVICE_NAME}/`, refusals), heavyCallInterceptor(gate, flicHeavyClassifier(vms), busy)],
    },
    addServices(server) {
      health.addToServer(server);
      addReflection(server);
    },
  }).catch(async (err: unknown) => {
    await metricsServer.close();
    throw err;
  });
  health.setServing(true);
  logListening(logger, { address: flicServer.address, port: flicServer.port, metricsPort: metricsServer.port });

  const graceMs = config.shutdownGraceSeconds * 1000;
  let stopping: Promise<StopResult> | undefined;
  const stop = (reason = 'stop'): Promise<StopResult> => {
    stopping ??= (async () => {
      const begun = performance.now();
      logger.info({ reason, inFlight: drain.active, graceSeconds: config.shutdownGraceSeconds }, 'flic draining');
      health.setServing(false);
      drain.begin();
      let forced = !(await within(drain.idle(), graceMs));
      // Health Watch streams never end by themselves; the server's shutdown would wait for them.
      health.endWatches();
      const left = graceMs - (performance.now() - begun);
      if (forced || !(await within(tryShutdown(flicServer.server), left))) {
        forced = true;
        // grpc-js's forceShutdown only destroys the connections that channelz tracks, and the
        // server runs without channelz (server.ts); drain(address, 0) cancels every connection
        // of the port, then forceShutdown closes the listener.
        flicServer.server.drain(flicServer.address, 0);
        flicServer.server.forceShutdown();
      }
      await metricsServer.close();
      logger.info({ reason, forced, durationMs: Math.round(performance.now() - begun) }, 'flic stopped');
      return { forced };
    })();
    return stopping;
  };

  return {
    address: flicServer.address,
    grpcPort: flicServer.port,
    metricsPort: metricsServer.port,
    vms,
    registry,
    health,
    stop,
  };
}
