// The flic gRPC server as a value: createFlicServer() binds, serves flic.v1.Flic over a
// VmRegistry and hands back what its owner needs to observe and stop it.

import * as grpc from '@grpc/grpc-js';
import { pino, type Logger } from 'pino';
import { VmRegistry } from '../device/index.js';
import { withEncodedReplies } from '../proto/encodedReplies.js';
import { MESSAGE_LIMIT_OPTIONS, loadFlicProto } from '../proto/loader.js';
import { DEFAULT_PORT } from '../proto/wire.js';
import { DEFAULT_HOST } from './config.js';
import { enforceConnectionLimits, grpcLimitOptions, type ConnectionLimits } from './connectionLimits.js';
import type { LimitObserver } from './limitHits.js';
import type { ServerHooks } from './hooks.js';
import { flicHandlers } from './handlers.js';


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
  /** Where handler bugs are logged (with their stack); default: pino to stdout. */
  readonly logger?: Logger;
  /** Adds further services (health, reflection) before the server binds. */
  readonly addServices?: (server: grpc.Server) => void;
  /** Extra grpc-js server options (the message limits are always set). */
  readonly serverOptions?: grpc.ServerOptions;
  /** Limits on connections, streams and slow readers (connectionLimits.ts); none when absent. */
  readonly limits?: ConnectionLimits;
  /** Where the hits of those limits are counted. */
  readonly limitObserver?: LimitObserver;
}

export interface FlicServer {
  /** host:port as bound (IPv6 hosts in brackets). */
  readonly address: string;
  readonly port: number;
  readonly vms: VmRegistry;
  readonly server: grpc.Server;
  /** Open gRPC connections (counted only when limits are enforced; 0 otherwise). */
  readonly connections: number;
  /** Stops accepting calls, lets the calls in flight finish, then resolves. */
  shutdown(): Promise<void>;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function bind(server: grpc.Server, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err !== null) reject(new Error(`flic: cannot listen on ${target}: ${err.message}`, { cause: err }));
      else resolve(port);
    });
  });
}

export async function createFlicServer(options: FlicServerOptions = {}): Promise<FlicServer> {
  const host = options.host ?? DEFAULT_HOST;
  const vms = options.vms ?? new VmRegistry(options.maxVms === undefined ? {} : { maxVms: options.maxVms });
  const limits = options.limits === undefined ? {} : grpcLimitOptions(options.limits);
  const server = new grpc.Server({ ...SERVER_DEFAULTS, ...limits, ...options.serverOptions, ...MESSAGE_LIMIT_OPTIONS });
  const logger = options.logger ?? pino({ name: 'flic' });
  server.addService(withEncodedReplies(loadFlicProto().flic.v1.Flic.service), flicHandlers(vms, { hooks: options.hooks, logger }));
  options.addServices?.(server);

  let port: number;
  let enforced: ReturnType<typeof enforceConnectionLimits> | null = null;
  try {
    port = await bind(server, hostPort(host, options.port ?? DEFAULT_PORT));
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
    });
    return stopping;
  };

  return {
    address: hostPort(host, port),
    port,
    vms,
    server,
    get connections() {
      return enforced?.connections ?? 0;
    },
    shutdown,
  };
}
