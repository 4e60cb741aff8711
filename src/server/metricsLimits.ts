// The server's own limits as series: how often each was hit (a closed set of limit names), the
// heavy calls running and waiting, and the open gRPC connections.

import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { LIMIT_NAMES, type LimitName, type LimitObserver } from './limitHits.js';

export interface LimitSources {
  readonly heavyCalls: () => { readonly running: number; readonly queued: number };
  readonly connections: () => number;
}

export class LimitMetrics implements LimitObserver {
  private readonly hits: Counter<'limit'>;

  constructor(registry: Registry, sources: LimitSources) {
    const registers = [registry];
    this.hits = new Counter({
      name: 'flic_server_limit_hits_total',
      help: 'Connections, streams and calls stopped by one of the server limits (docs/operating.md, Limits).',
      labelNames: ['limit'],
      registers,
    });
    for (const limit of LIMIT_NAMES) this.hits.inc({ limit }, 0);
    new Gauge<'state'>({
      name: 'flic_heavy_calls',
      help: 'Heavy calls (replies of whole queues) running and waiting for their turn.',
      labelNames: ['state'],
      registers,
      collect() {
        const h = sources.heavyCalls();
        this.set({ state: 'running' }, h.running);
        this.set({ state: 'waiting' }, h.queued);
      },
    });
    new Gauge({
      name: 'flic_grpc_connections',
      help: 'Open gRPC connections.',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
  }

  limitHit(limit: LimitName): void {
    this.hits.inc({ limit });
  }
}
