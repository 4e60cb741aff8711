// The gRPC server series, named and labelled as go-grpc-prometheus names them, so that existing
// gRPC dashboards work unchanged.
//
// The hot path (started/finished, once per call) only bumps plain numbers in a record that was
// resolved per method up front: no label hashing, no string building, no allocation. prom-client
// metrics read those numbers when Prometheus scrapes.

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { Counter, Histogram } from 'prom-client';
import type { Aggregator, MetricObjectWithValues, MetricType, MetricValueWithName, Registry } from 'prom-client';

/** Go's names of the status codes (google.golang.org/grpc/codes), as go-grpc-prometheus prints them. */
export const GRPC_CODE_NAMES: Readonly<Record<GrpcStatus, string>> = {
  [GrpcStatus.OK]: 'OK',
  [GrpcStatus.CANCELLED]: 'Canceled',
  [GrpcStatus.UNKNOWN]: 'Unknown',
  [GrpcStatus.INVALID_ARGUMENT]: 'InvalidArgument',
  [GrpcStatus.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [GrpcStatus.NOT_FOUND]: 'NotFound',
  [GrpcStatus.ALREADY_EXISTS]: 'AlreadyExists',
  [GrpcStatus.PERMISSION_DENIED]: 'PermissionDenied',
  [GrpcStatus.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [GrpcStatus.FAILED_PRECONDITION]: 'FailedPrecondition',
  [GrpcStatus.ABORTED]: 'Aborted',
  [GrpcStatus.OUT_OF_RANGE]: 'OutOfRange',
  [GrpcStatus.UNIMPLEMENTED]: 'Unimplemented',
  [GrpcStatus.INTERNAL]: 'Internal',
  [GrpcStatus.UNAVAILABLE]: 'Unavailable',
  [GrpcStatus.DATA_LOSS]: 'DataLoss',
  [GrpcStatus.UNAUTHENTICATED]: 'Unauthenticated',
};

const CODE_COUNT = Object.keys(GRPC_CODE_NAMES).length;

/** Adds one to slot `i` (always inside the array: the callers size it for every index they use). */
function increment(counts: Float64Array, i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

/**
 * 10 µs to 10 s in 1-2.5-5 steps. flic's handlers take microseconds, so go-grpc-prometheus's
 * default buckets (from 5 ms) put every call in the first one and latency panels showed nothing;
 * the upper decades still resolve a slow GET_ALL_IRQS or a call that waited.
 */
export const GRPC_HANDLING_SECONDS_BUCKETS: readonly number[] = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  2.5, 5, 10,
];

type MethodLabel = 'grpc_type' | 'grpc_service' | 'grpc_method';
type MethodLabels = Readonly<Record<MethodLabel, string>>;
const METHOD_LABELS: readonly MethodLabel[] = ['grpc_type', 'grpc_service', 'grpc_method'];
/** The labels of calls to a method the server does not have. */
export const UNKNOWN_METHOD_LABELS: MethodLabels = { grpc_type: 'unknown', grpc_service: 'unknown', grpc_method: 'unknown' };

/** One method's numbers. Mutable on purpose: the per-call hooks write here directly. */
interface MethodStats {
  readonly labels: MethodLabels;
  started: number;
  received: number;
  sent: number;
  /** Indexed by status code. */
  readonly handled: Float64Array;
  /** Per bucket (not cumulative), plus one slot for +Inf. */
  readonly buckets: Float64Array;
  sum: number;
}

function grpcType(requestStream: boolean, responseStream: boolean): string {
  if (requestStream && responseStream) return 'bidi_stream';
  if (requestStream) return 'client_stream';
  if (responseStream) return 'server_stream';
  return 'unary';
}

/** A histogram whose buckets are kept by the caller and only read here at scrape time. */
class PrecomputedHistogram extends Histogram<MethodLabel | 'le'> {
  // Set by prom-client's constructor; re-declared because its typings omit them.
  declare readonly name: string;
  declare readonly help: string;
  declare readonly type: MetricType;
  declare readonly aggregator: Aggregator;

  constructor(
    registry: Registry,
    private readonly stats: readonly MethodStats[],
    private readonly bounds: readonly number[],
  ) {
    super({
      name: 'grpc_server_handling_seconds',
      help: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
      labelNames: METHOD_LABELS,
      buckets: [...bounds],
      registers: [registry],
    });
  }

  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<MethodLabel | 'le'>>> {
    const values: MetricValueWithName<MethodLabel | 'le'>[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const s of this.stats) {
      let count = 0;
      // The slot past the last bound is the +Inf bucket.
      s.buckets.forEach((n, i) => {
        count += n;
        values.push({ metricName: bucketName, labels: { ...s.labels, le: this.bounds[i] ?? '+Inf' }, value: count });
      });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: count });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
      // The typings ask for it; the numbers above are already current.
      collect: () => undefined,
    };
  }

  /** prom-client's Registry prefers this entry point for the text format; same data. */
  getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<MethodLabel | 'le'>>> {
    return this.get();
  }
}

function counter(
  registry: Registry,
  name: string,
  help: string,
  stats: readonly MethodStats[],
  read: (s: MethodStats) => number,
): void {
  new Counter<MethodLabel>({
    name,
    help,
    labelNames: METHOD_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of stats) this.inc(s.labels, read(s));
    },
  });
}

/**
 * go-grpc-prometheus's server metrics for the given services, every method (and, for
 * grpc_server_handled_total, every code) present from the start at 0, as its
 * InitializeMetrics does.
 */
export class GrpcServerMetrics {
  private readonly byKey = new Map<string, MethodStats>();
  private readonly stats: MethodStats[] = [];
  private readonly bounds: readonly number[];
  /** The one series of calls to methods the server does not have (their names are not a closed set). */
  private readonly unknown: MethodStats;
  private readonly refusals: Counter<MethodLabel | 'reason'>;

  constructor(
    registry: Registry,
    services: readonly ServiceDefinition[],
    buckets: readonly number[] = GRPC_HANDLING_SECONDS_BUCKETS,
  ) {
    this.bounds = buckets;
    this.unknown = this.newStats(UNKNOWN_METHOD_LABELS);
    for (const service of services) this.addService(service);
    const stats = this.stats;
    counter(registry, 'grpc_server_started_total', 'Total number of RPCs started on the server.', stats, (s) => s.started);
    counter(
      registry,
      'grpc_server_msg_received_total',
      'Total number of RPC stream messages received on the server.',
      stats,
      (s) => s.received,
    );
    counter(
      registry,
      'grpc_server_msg_sent_total',
      'Total number of gRPC stream messages sent by the server.',
      stats,
      (s) => s.sent,
    );
    new Counter<MethodLabel | 'grpc_code'>({
      name: 'grpc_server_handled_total',
      help: 'Total number of RPCs completed on the server, regardless of success or failure.',
      labelNames: [...METHOD_LABELS, 'grpc_code'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of stats) {
          s.handled.forEach((n, code) => this.inc({ ...s.labels, grpc_code: GRPC_CODE_NAMES[code as GrpcStatus] }, n));
        }
      },
    });
    new PrecomputedHistogram(registry, stats, buckets);
    this.refusals = new Counter<MethodLabel | 'reason'>({
      name: 'flic_grpc_requests_refused_total',
      help: 'Requests refused before their handler ran (malformed, too large, a list past its limit, …), by reason.',
      labelNames: [...METHOD_LABELS, 'reason'],
      registers: [registry],
    });
  }

  /** Every method of `service` gets its series, at 0 (a service added after the server started). */
  addService(service: ServiceDefinition): void {
    for (const [name, def] of Object.entries(service)) {
      const slash = def.path.lastIndexOf('/');
      const s = this.newStats({
        grpc_type: grpcType(def.requestStream, def.responseStream),
        grpc_service: def.path.slice(1, slash),
        grpc_method: def.path.slice(slash + 1),
      });
      // Callers may name a method by its path, its proto name or its JS name.
      for (const key of [def.path, name, def.originalName, s.labels.grpc_method]) {
        if (key !== undefined && !this.byKey.has(key)) this.byKey.set(key, s);
      }
    }
  }

  private newStats(labels: MethodLabels): MethodStats {
    const s: MethodStats = {
      labels,
      started: 0,
      received: 0,
      sent: 0,
      handled: new Float64Array(CODE_COUNT),
      buckets: new Float64Array(this.bounds.length + 1),
      sum: 0,
    };
    this.stats.push(s);
    return s;
  }

  /** A call opened (before its request is read: refusals and decode failures are calls too). */
  started(method: string): void {
    const s = this.byKey.get(method);
    if (s !== undefined) s.started++;
  }

  received(method: string): void {
    const s = this.byKey.get(method);
    if (s !== undefined) s.received++;
  }

  sent(method: string): void {
    const s = this.byKey.get(method);
    if (s !== undefined) s.sent++;
  }

  /** A call ended with `code` after `seconds` (from its stream's opening). */
  finished(method: string, code: number, seconds: number): void {
    const s = this.byKey.get(method);
    if (s !== undefined) this.finish(s, code, seconds);
  }

  /** A call to a method the server does not have: started and answered UNIMPLEMENTED at once. */
  unknownMethod(): void {
    this.unknown.started++;
    this.finish(this.unknown, GrpcStatus.UNIMPLEMENTED, 0);
  }

  /** A request refused before its handler (also counted by started/finished). */
  refused(method: string, reason: string): void {
    const s = this.byKey.get(method);
    if (s !== undefined) this.refusals.inc({ ...s.labels, reason });
  }

  private finish(s: MethodStats, code: number, seconds: number): void {
    const c = code >= 0 && code < CODE_COUNT ? code : GrpcStatus.UNKNOWN;
    increment(s.handled, c);
    const bounds = this.bounds;
    let i = 0;
    for (const bound of bounds) {
      if (seconds <= bound) break;
      i++;
    }
    increment(s.buckets, i);
    s.sum += seconds;
  }
}
