// grpc.health.v1 (grpc-health-check): Check and Watch for the whole server ('') and for
// flic.v1.Flic. Open Watch streams are tracked so that a drain can end them: a Watch never ends by
// itself, and the server's graceful shutdown would otherwise wait for it until the grace period.

import type { Server, ServerWritableStream, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

export const FLIC_SERVICE_NAME = 'flic.v1.Flic';
/** The empty name stands for the server as a whole (the gRPC health protocol). */
export const WHOLE_SERVER = '';

type WatchCall = ServerWritableStream<unknown, unknown>;

export class FlicHealth {
  private readonly impl: HealthImplementation;
  private readonly watches = new Set<WatchCall>();
  private closed = false;

  constructor(private readonly services: readonly string[] = [WHOLE_SERVER, FLIC_SERVICE_NAME]) {
    // NOT_SERVING until the server says it listens.
    this.impl = new HealthImplementation(Object.fromEntries(services.map((s) => [s, 'NOT_SERVING'])));
  }

  addToServer(server: Pick<Server, 'addService'>): void {
    const watches = this.watches;
    this.impl.addToServer({
      addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
        const watch = implementation['watch'] as ((call: WatchCall) => void) | undefined;
        if (watch === undefined) {
          server.addService(service, implementation);
          return;
        }
        const tracked = (call: WatchCall): void => {
          watches.add(call);
          const forget = (): void => {
            watches.delete(call);
          };
          call.once('cancelled', forget);
          call.once('finish', forget);
          watch(call);
        };
        server.addService(service, { ...implementation, watch: tracked });
      },
    });
  }

  setServing(serving: boolean): void {
    if (this.closed) return;
    for (const s of this.services) this.impl.setStatus(s, serving ? 'SERVING' : 'NOT_SERVING');
  }

  /**
   * Ends every open Watch with OK (after its last status was sent), so that the server can shut
   * down. The statuses are frozen from here on.
   */
  endWatches(): void {
    this.closed = true;
    for (const call of this.watches) call.end();
    this.watches.clear();
  }
}
