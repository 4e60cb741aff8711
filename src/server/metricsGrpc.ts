// The gRPC server series, named and labelled as go-grpc-prometheus names them, so that existing
// gRPC dashboards work unchanged.
//
// The hot path (started/finished, once per call) only bumps plain numbers in a record that was
// resolved per method up front: no label hashing, no string building, no allocation. A scrape
// reads those numbers into lines whose labels were written once (text()).

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

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

/** Every line of one method's series up to its value, made once: a scrape only writes the numbers. */
interface MethodLines {
  /** One per PER_METHOD_COUNTERS entry. */
  readonly counters: readonly string[];
  /** Indexed by status code. */
  readonly handled: readonly string[];
  /** One per bucket, then +Inf. */
  readonly buckets: readonly string[];
  readonly sum: string;
  readonly count: string;
}

/** One method's numbers. Mutable on purpose: the per-call hooks write here directly. */
interface MethodStats {
  readonly labels: MethodLabels;
  readonly lines: MethodLines;
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

/** One sample line up to its value: the family (with its suffix) and the label set. */
function linePrefix(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}} `;
}

/** A family as the text format starts it. */
function familyHeader(name: string, help: string, type: 'counter' | 'histogram'): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

const PER_METHOD_COUNTERS: readonly (readonly [string, string, (s: MethodStats) => number])[] = [
  ['grpc_server_started_total', 'Total number of RPCs started on the server.', (s) => s.started],
  ['grpc_server_msg_received_total', 'Total number of RPC stream messages received on the server.', (s) => s.received],
  ['grpc_server_msg_sent_total', 'Total number of gRPC stream messages sent by the server.', (s) => s.sent],
];
const HANDLED = 'grpc_server_handled_total';
const HANDLED_HELP = 'Total number of RPCs completed on the server, regardless of success or failure.';
const HANDLING = 'grpc_server_handling_seconds';
const HANDLING_HELP = 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.';

function methodLines(labels: MethodLabels, bounds: readonly number[]): MethodLines {
  return {
    counters: PER_METHOD_COUNTERS.map(([name]) => linePrefix(name, labels)),
    handled: Array.from({ length: CODE_COUNT }, (_, code) => linePrefix(HANDLED, { ...labels, grpc_code: GRPC_CODE_NAMES[code as GrpcStatus] })),
    // The slot past the last bound is the +Inf bucket.
    buckets: Array.from({ length: bounds.length + 1 }, (_, i) =>
      linePrefix(`${HANDLING}_bucket`, { ...labels, le: String(bounds[i] ?? '+Inf') }),
    ),
    sum: linePrefix(`${HANDLING}_sum`, labels),
    count: linePrefix(`${HANDLING}_count`, labels),
  };
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
    // Refusals are rare and their series appear as they happen: prom-client writes them.
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
      lines: methodLines(labels, this.bounds),
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

  /**
   * The five families as exposition text, every method (and every code) at 0 from the start.
   * Written here rather than by prom-client, which re-hashed and re-escaped every label set at every
   * scrape: 700 lines, milliseconds of main thread in one piece.
   */
  text(): Buffer {
    let out = '';
    PER_METHOD_COUNTERS.forEach(([name, help, read], c) => {
      out += familyHeader(name, help, 'counter');
      for (const st of this.stats) out += `${st.lines.counters[c]}${read(st)}\n`;
    });
    out += familyHeader(HANDLED, HANDLED_HELP, 'counter');
    for (const st of this.stats) st.handled.forEach((n, code) => (out += `${st.lines.handled[code]}${n}\n`));
    out += familyHeader(HANDLING, HANDLING_HELP, 'histogram');
    for (const st of this.stats) {
      let count = 0;
      st.buckets.forEach((n, i) => {
        count += n;
        out += `${st.lines.buckets[i]}${count}\n`;
      });
      out += `${st.lines.sum}${st.sum}\n${st.lines.count}${count}\n`;
    }
    return Buffer.from(out);
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
