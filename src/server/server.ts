// The flic gRPC server as a value: createFlicServer() binds, serves flic.v1.Flic over a
// VmRegistry and hands back what its owner needs to observe and stop it.

import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { VmRegistry } from '../device/index.js';
import { withEncodedReplies } from '../proto/encodedReplies.js';
import { flicRequestRoutes, strictFlicService } from '../proto/flicRequests.js';
import { MESSAGE_LIMIT_OPTIONS } from '../proto/loader.js';
import { DEFAULT_PORT } from '../proto/wire.js';
import { callGate } from './callGate.js';
import { DEFAULT_HOST } from './config.js';
import { enforceConnectionLimits, grpcLimitOptions, type ConnectionLimits } from './connectionLimits.js';
import { assertGrpcInternals, observeUnknownMethods } from './grpcInternals.js';
import type { LimitObserver } from './limitHits.js';
import type { ServerHooks } from './hooks.js';
import { flicHandlers } from './handlers.js';
import type { ReplyGate } from './unary.js';
import type { Authorizer } from './security/authorizer.js';
import { VcpuWaits } from './vcpuWaits.js';

/**
 * flic exposes no channelz service, and channelz's per-call bookkeeping costs several percent of
 * unary throughput; serverOptions can turn it back on.
 */
const SERVER_DEFAULTS: grpc.ServerOptions = { 'grpc.enable_channelz': 0 };

export interface FlicServerOptions {
  /** Interface to listen on (default 0.0.0.0). */
  readonly host?: string;
  /** TCP port; 0 picks a free one (default 50051). */
  readonly port?: number;
  /** The VMs to serve; a new registry (with maxVms) when absent. */
  readonly vms?: VmRegistry;
  readonly maxVms?: number;
  /** What each call reports to, for the metrics (see hooks.ts); draining is an interceptor (drain.ts). */
  readonly hooks?: ServerHooks;
  /** This process's boot id (ListVms and the flic-boot-id response header); default: a new UUID. */
  readonly bootId?: string;
  /** Where handler bugs are logged (with their stack); default: pino to stdout. */
  readonly logger?: Logger;
  /** Adds further services (health, reflection) before the server binds. */
  readonly addServices?: (server: grpc.Server) => void;
  /**
   * Extra grpc-js server options (the message limits are always set). Its interceptors run inside
   * the call gate (callGate.ts), which is always the first.
   */
  readonly serverOptions?: grpc.ServerOptions;
  /** The vCPUs waiting in Deliver calls (a new set when absent). */
  readonly waits?: VcpuWaits;
  /** With a state directory: holds each reply until what the call observed is durable. */
  readonly replies?: ReplyGate;
  /** Limits on connections, streams and slow readers (connectionLimits.ts); none when absent. */
  readonly limits?: ConnectionLimits;
  /** Where the hits of those limits are counted. */
  readonly limitObserver?: LimitObserver;
  /** The port's credentials (TLS, security/tlsProvider.ts); default: plaintext. */
  readonly credentials?: grpc.ServerCredentials;
  /** Authentication, authorization and quotas in the call gate; default: every call allowed. */
  readonly authorizer?: Authorizer;
}

export interface FlicServer {
  /** host:port as bound (IPv6 hosts in brackets). */
  readonly address: string;
  readonly port: number;
  readonly vms: VmRegistry;
  readonly bootId: string;
  readonly server: grpc.Server;
  readonly waits: VcpuWaits;
  /** Open gRPC connections (counted only when limits are enforced; 0 otherwise). */
  readonly connections: number;
  /** Stops accepting calls, lets the calls in flight finish (waiting vCPUs at once), then resolves. */
  shutdown(): Promise<void>;
}

export function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function bind(server: grpc.Server, target: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, credentials, (err, port) => {
      // grpc-js's reason goes into the message, not into `cause`: pino's error serializer appends
      // each cause's message to the error's own, which printed the reason twice.
      if (err !== null) reject(new Error(`flic: cannot listen on ${target}: ${err.message}`));
      else resolve(port);
    });
  });
}

export async function createFlicServer(options: FlicServerOptions = {}): Promise<FlicServer> {
  assertGrpcInternals();
  const host = options.host ?? DEFAULT_HOST;
  const vms = options.vms ?? new VmRegistry(options.maxVms === undefined ? {} : { maxVms: options.maxVms });
  const logger = options.logger ?? pino({ name: 'flic' });
  const waits = options.waits ?? new VcpuWaits();
  const bootId = options.bootId ?? randomUUID();
  const hooks = options.hooks;
  const routes = flicRequestRoutes();
  const gate = callGate({ routes, bootId, hooks, logger, authorizer: options.authorizer });
  const limits = options.limits === undefined ? {} : grpcLimitOptions(options.limits);
  const server = new grpc.Server({
    ...SERVER_DEFAULTS,
    ...limits,
    ...options.serverOptions,
    ...MESSAGE_LIMIT_OPTIONS,
    interceptors: [gate, ...(options.serverOptions?.interceptors ?? [])],
  });
  if (hooks !== undefined) observeUnknownMethods(server, (path) => hooks.unknownMethod(path));
  // Strict request decoding in, GetAllIrqs' and Inspect's replies out as the bytes built from records.
  server.addService(withEncodedReplies(strictFlicService(routes)), flicHandlers(vms, waits, { hooks, logger, bootId, ...(options.replies === undefined ? {} : { replies: options.replies }) }));
  options.addServices?.(server);

  let port: number;
  let enforced: ReturnType<typeof enforceConnectionLimits> | null = null;
  try {
    port = await bind(server, hostPort(host, options.port ?? DEFAULT_PORT), options.credentials ?? grpc.ServerCredentials.createInsecure());
    if (options.limits !== undefined) enforced = enforceConnectionLimits(server, options.limits, options.limitObserver);
  } catch (err) {
    server.forceShutdown();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve, reject) => {
      enforced?.stop();
      server.tryShutdown((err) => (err === undefined ? resolve() : reject(err)));
      // A waiting Deliver would hold the shutdown until its wait_ms: it ends now with NONE.
      waits.stop();
    });
    return stopping;
  };

  return {
    address: hostPort(host, port),
    port,
    vms,
    bootId,
    server,
    waits,
    get connections() {
      return enforced?.connections ?? 0;
    },
    shutdown,
  };
}
