// flic's Prometheus metrics: one Registry (passed in, never prom-client's global one) holding the
// gRPC server series, the device series and the process defaults.

import type { ServiceDefinition } from '@grpc/grpc-js';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { DeviceMetrics } from './metricsDevice.js';
import type { MetricsVmSource } from './metricsDevice.js';
import { MetricsExposition } from './metricsExposition.js';
import { GrpcServerMetrics } from './metricsGrpc.js';
import { LimitMetrics, type LimitSources } from './metricsLimits.js';

const REDUNDANT_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

export interface FlicMetricsOptions {
  /** Where the series are registered; a new Registry when omitted. */
  readonly registry?: Registry;
  readonly vms: MetricsVmSource;
  /** The services whose methods get gRPC series (pre-initialised at 0). */
  readonly services: readonly ServiceDefinition[];
  /** --metrics-max-vms: VMs that get per-VM series. */
  readonly maxVmSeries: number;
  /** --metrics-min-interval, in milliseconds: the shortest time between two expositions. */
  readonly minIntervalMs: number;
  /** What the limit series read (heavy calls, connections). */
  readonly limits: LimitSources;
  /** The vCPUs waiting in Deliver calls (the server's, not the device's). */
  readonly waits?: { readonly waiting: number };
}

export interface FlicMetrics {
  readonly registry: Registry;
  readonly grpc: GrpcServerMetrics;
  readonly device: DeviceMetrics;
  readonly limits: LimitMetrics;
  /** The /metrics text, as metricsHttp.ts serves it. */
  readonly exposition: MetricsExposition;
}

export function createFlicMetrics(options: FlicMetricsOptions): FlicMetrics {
  const registry = options.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named *_total break the exposition-format conventions (promtool check metrics rejects
  // them); each is the sum of its labelled sibling (nodejs_active_handles etc.), so nothing is lost.
  for (const name of REDUNDANT_DEFAULT_METRICS) registry.removeSingleMetric(name);
  const grpc = new GrpcServerMetrics(registry, options.services);
  const device = new DeviceMetrics({ registry, vms: options.vms, maxVmSeries: options.maxVmSeries });
  const waits = options.waits;
  if (waits !== undefined) {
    new Gauge({
      name: 'flic_waiting_vcpus',
      help: 'vCPUs waiting in a Deliver call for something deliverable (wait_ms).',
      registers: [registry],
      collect() {
        this.set(waits.waiting);
      },
    });
  }
  const limits = new LimitMetrics(registry, options.limits);
  return { registry, grpc, device, limits, exposition: new MetricsExposition(registry, device, grpc, options.minIntervalMs) };
}
