// --health-port: a second, plaintext gRPC port that serves grpc.health.v1 and nothing else.
// Kubernetes' gRPC probes cannot speak TLS, so once the main port speaks only TLS they probe this
// one (docs/security.md). It tells nothing but SERVING or NOT_SERVING, and its calls go through the
// same call gate (request limits, the boot id, one report per call), without authorization.

import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { callGate } from './callGate.js';
import type { FlicHealth } from './health.js';
import type { ServerHooks } from './hooks.js';
import { bind, hostPort } from './server.js';

export interface HealthPort {
  readonly port: number;
  /** Ends open Watch streams' connections and closes the port. */
  close(): Promise<void>;
}

export async function startHealthPort(
  health: FlicHealth,
  host: string,
  port: number,
  gate: { readonly bootId: string; readonly hooks: ServerHooks | undefined; readonly logger: Logger },
): Promise<HealthPort> {
  const server = new grpc.Server({
    'grpc.enable_channelz': 0,
    interceptors: [callGate({ routes: new Map(), bootId: gate.bootId, hooks: gate.hooks, logger: gate.logger })],
  });
  health.addToServer(server);
  const target = hostPort(host, port);
  let bound: number;
  try {
    bound = await bind(server, target, grpc.ServerCredentials.createInsecure());
  } catch (err) {
    server.forceShutdown();
    throw err;
  }
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.drain(hostPort(host, bound), 0);
        server.forceShutdown();
        resolve();
      }),
  };
}
