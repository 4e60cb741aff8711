// The whole flic service, composed: the gRPC server with health and reflection, the metrics
// endpoint, the hooks that feed the metrics, the drain, heavy-call admission, the connection limits
// and the graceful stop. main.ts only reads
// the configuration, calls startService and turns signals into stop().

import type { Server, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { VmRegistry } from '../device/index.js';
import { loadFlicProto } from '../proto/loader.js';
import type { ServiceConfig } from './config.js';
import { Drain } from './drain.js';
import { FLIC_SERVICE_NAME, FlicHealth } from './health.js';
import { startHealthPort, type HealthPort } from './healthPort.js';
import type { ServerHooks } from './hooks.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { HeavyCallGate } from './heavyCallGate.js';
import { flicHeavyClassifier, heavyCallInterceptor } from './heavyCalls.js';
import { createLogger, logDeviceError, logListening, logStart } from './logger.js';
import type { Logger } from './logger.js';
import { choosePendingBudget } from './memoryLimit.js';
import { createFlicMetrics } from './metrics.js';
import { startMetricsServer } from './metricsHttp.js';
import { openStateDir, type StateDir } from './persistence/stateDir.js';
import { addReflection } from './reflection.js';
import { openSecurity } from './security/serviceSecurity.js';
import { createFlicServer, type FlicServer } from './server.js';
import { VcpuWaits } from './vcpuWaits.js';

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
  /** The plaintext health-only port (--health-port), or null. */
  readonly healthPort: number | null;
  readonly vms: VmRegistry;
  /** This process's boot id: in ListVms, in every call's response headers, in the start log line. */
  readonly bootId: string;
  readonly registry: Registry;
  readonly health: FlicHealth;
  /**
   * Graceful stop: health NOT_SERVING, new Flic calls refused with UNAVAILABLE, calls in flight
   * finish (cancelled once the grace period is over), then both servers close. Idempotent.
   */
  stop(reason?: string): Promise<StopResult>;
}

/**
 * How long connections get after the GOAWAY of a stop whose calls have all ended, before flic
 * closes them. Their calls have sent their status; the linger lets the last reply bytes still in
 * socket buffers reach a slow reader (a full 19 MB GET_ALL_IRQS at 20 MB/s), while C-core clients,
 * which close an idle connection only seconds after a GOAWAY, no longer hold the stop for 2-4 s.
 */
const CONNECTION_LINGER_MS = 1000;

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

const MIB = 1 << 20;

function tryShutdown(server: Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

export async function startService(configured: ServiceConfig, options: StartServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(configured.logLevel);
  // The start line shows the budget as resolved (the configured one, or the memory limit's share).
  const maxPendingBytes = choosePendingBudget(configured.maxPendingBytes);
  const config: ServiceConfig = { ...configured, maxPendingBytes };
  const bootId = randomUUID();
  logStart(logger, config, bootId);
  const vms = options.vms ?? new VmRegistry({ maxVms: config.maxVms, maxPendingBytes });
  // TLS files and the authorization file are read here: a bad one stops the start (StartFileError).
  const security = openSecurity(config, vms, logger);
  const flicService = loadFlicProto().flic.v1.Flic.service;
  const waits = new VcpuWaits();
  const heavyCalls = new HeavyCallGate(config.maxHeavyCalls, config.maxQueuedHeavyCalls);
  let flicServer: FlicServer | undefined;
  const { registry, grpc, device, limits, exposition } = createFlicMetrics({
    vms,
    waits,
    services: [flicService],
    maxVmSeries: config.metricsMaxVms,
    minIntervalMs: config.metricsMinIntervalSeconds * MS,
    limits: { heavyCalls: () => heavyCalls, connections: () => flicServer?.connections ?? 0 },
  });
  const drain = new Drain();
  const health = new FlicHealth();

  // On the hot path: plain method calls, no allocation. The call gate (callGate.ts) reports every
  // call, whoever answers it: handlers, refusals of malformed requests, the drain, grpc-js itself.
  const hooks: ServerHooks = {
    callStarted: (path) => grpc.started(path),
    messageReceived: (path) => grpc.received(path),
    messageSent: (path) => grpc.sent(path),
    callFinished: (path, code, seconds) => grpc.finished(path, code, seconds),
    requestRefused: (path, reason) => grpc.refused(path, reason),
    unknownMethod: () => grpc.unknownMethod(),
    deviceError(err, method, vmId) {
      device.deviceError(err);
      logDeviceError(logger, err, method, vmId);
    },
  };
  // A heavy call refused as busy is counted in the gRPC series by the call gate, as every call is.
  const busy = { refused: (): void => limits.limitHit('heavy_call_queue') };

  // Every VM of the state directory is back before anything listens: health turns SERVING only then.
  const stateDir: StateDir | null =
    config.stateDir === null
      ? null
      : await openStateDir({
          dir: config.stateDir,
          compactAfterBytes: config.stateCompactMiB * MIB,
          vms,
          registry,
          logger,
        });
  if (stateDir !== null && security.authorizer !== null) {
    // Quotas count what each principal's VMs hold; who created a restored VM is not in its state.
    const owners = security.authorizer.adoptUnowned(vms.listVms());
    logger.info(owners, 'flic state: restored VMs given to the principals that own their ids');
  }
  const metricsTls = config.metricsTls ? security.certificates : null;
  const metricsServer = await startMetricsServer(exposition, config.metricsHost, config.metricsPort, metricsTls).catch(async (err: unknown) => {
    await stateDir?.abandon();
    throw err;
  });
  flicServer = await createFlicServer({
    host: config.host,
    port: config.port,
    vms,
    waits,
    hooks,
    logger,
    bootId,
    limits: connectionLimits(config),
    limitObserver: limits,
    ...(security.credentials === null ? {} : { credentials: security.credentials }),
    ...(security.authorizer === null ? {} : { authorizer: security.authorizer }),
    // After the call gate (createFlicServer puts it first): the drain, then heavy-call admission,
    // which looks at requests the gate has decoded and accepted.
    serverOptions: {
      interceptors: [drain.interceptor(`/${FLIC_SERVICE_NAME}/`), heavyCallInterceptor(heavyCalls, flicHeavyClassifier(vms), busy)],
    },
    // The drain sees a call end only once its reply went out, after the journal held it.
    ...(stateDir === null ? {} : { replies: stateDir.replies }),
    addServices(server) {
      // Health and reflection calls are counted like Flic's: their methods get series too.
      const counted = {
        addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
          grpc.addService(service);
          server.addService(service, implementation);
        },
      };
      health.addToServer(counted);
      addReflection(counted);
    },
  }).catch(async (err: unknown) => {
    await metricsServer.close();
    await stateDir?.abandon();
    throw err;
  });
  const healthPort: HealthPort | null =
    config.healthPort === null
      ? null
      : await startHealthPort(health, config.healthHost, config.healthPort, { bootId, hooks, logger }).catch(async (err: unknown) => {
          flicServer.server.forceShutdown();
          await metricsServer.close();
          await stateDir?.abandon();
          throw err;
        });
  health.setServing(true);
  security.start();
  logListening(logger, {
    address: flicServer.address,
    port: flicServer.port,
    metricsPort: metricsServer.port,
    ...(healthPort === null ? {} : { healthPort: healthPort.port }),
  });

  const graceMs = config.shutdownGraceSeconds * 1000;
  let stopping: Promise<StopResult> | undefined;
  const stop = (reason = 'stop'): Promise<StopResult> => {
    stopping ??= (async () => {
      const begun = performance.now();
      logger.info({ reason, inFlight: drain.active, graceSeconds: config.shutdownGraceSeconds }, 'flic draining');
      health.setServing(false);
      drain.begin();
      // Waiting Deliver calls are in flight too, but they would only end when their time is up:
      // they end now, having taken nothing.
      waits.stop();
      const forced = !(await within(drain.idle(), graceMs));
      const drained = performance.now();
      // Health Watch streams never end by themselves; the server's shutdown would wait for them.
      health.endWatches();
      const left = graceMs - (drained - begun);
      // With no call left, tryShutdown has only finished connections to close: it sends them GOAWAY
      // and then waits for each client to close its socket, which C-core clients (Python's grpcio)
      // do only seconds later. After a linger flic closes them itself.
      if (forced || !(await within(tryShutdown(flicServer.server), Math.min(left, CONNECTION_LINGER_MS)))) {
        // grpc-js's forceShutdown only destroys the connections that channelz tracks, and the
        // server runs without channelz (server.ts); drain(address, 0) closes every connection
        // of the port, then forceShutdown closes the listener.
        flicServer.server.drain(flicServer.address, 0);
        flicServer.server.forceShutdown();
      }
      const closed = performance.now();
      security.stop();
      await healthPort?.close();
      // With a state directory the VMs stay: a final snapshot, so that the next start reads no journal.
      const saved = await stateDir?.close();
      const stateSaved = performance.now();
      await metricsServer.close();
      const end = performance.now();
      // Where the time went, for an operator whose stop was slow: waiting for calls in flight, the
      // gRPC server's close (idle connections get GOAWAY), the final snapshot, the metrics server's close.
      const phasesMs = {
        drain: Math.round(drained - begun),
        grpcClose: Math.round(closed - drained),
        ...(saved === undefined ? {} : { stateSave: Math.round(stateSaved - closed) }),
        metricsClose: Math.round(end - stateSaved),
      };
      // Without a state directory every VM this process held is gone with it.
      const vmsKept = saved === undefined ? { vmsDiscarded: vms.size } : { vmsDiscarded: 0, vmsSaved: saved.vms, snapshot: saved.file };
      logger.info({ reason, forced, durationMs: Math.round(end - begun), phasesMs, ...vmsKept }, 'flic stopped');
      return { forced };
    })();
    return stopping;
  };

  return {
    address: flicServer.address,
    grpcPort: flicServer.port,
    metricsPort: metricsServer.port,
    healthPort: healthPort?.port ?? null,
    vms,
    bootId,
    registry,
    health,
    stop,
  };
}
