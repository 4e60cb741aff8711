// The gRPC server series, named and labelled as go-grpc-prometheus names them, so that existing
// gRPC dashboards work unchanged.
//
// The hot path (started/finished, once per call) only bumps plain numbers in a record that was
// resolved per method up front: no label hashing, no string building, no allocation. A scrape
// reads those numbers into lines whose labels were written once (text()).

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/grpc-js';

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

/** go-grpc-prometheus's default buckets (Prometheus client_golang's DefBuckets). */
export const GRPC_HANDLING_SECONDS_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

type MethodLabel = 'grpc_type' | 'grpc_service' | 'grpc_method';
type MethodLabels = Readonly<Record<MethodLabel, string>>;

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

/**
 * go-grpc-prometheus's server metrics for the given services, every method (and, for
 * grpc_server_handled_total, every code) present from the start at 0, as its
 * InitializeMetrics does.
 */
export class GrpcServerMetrics {
  private readonly byKey = new Map<string, MethodStats>();
  private readonly stats: MethodStats[] = [];
  private readonly bounds: readonly number[];
  /** Every line of the exposition up to its value, made once: a scrape only writes the numbers. */
  private readonly prefixes: {
    readonly counters: readonly (readonly string[])[];
    readonly handled: readonly (readonly string[])[];
    readonly buckets: readonly (readonly string[])[];
    readonly sum: readonly string[];
    readonly count: readonly string[];
  };

  constructor(services: readonly ServiceDefinition[], buckets: readonly number[] = GRPC_HANDLING_SECONDS_BUCKETS) {
    this.bounds = buckets;
    for (const service of services) {
      for (const [name, def] of Object.entries(service)) {
        const slash = def.path.lastIndexOf('/');
        const labels: MethodLabels = {
          grpc_type: grpcType(def.requestStream, def.responseStream),
          grpc_service: def.path.slice(1, slash),
          grpc_method: def.path.slice(slash + 1),
        };
        const s: MethodStats = {
          labels,
          started: 0,
          received: 0,
          sent: 0,
          handled: new Float64Array(CODE_COUNT),
          buckets: new Float64Array(buckets.length + 1),
          sum: 0,
        };
        this.stats.push(s);
        // Callers may name a method by its path, its proto name or its JS name.
        for (const key of [def.path, name, def.originalName, labels.grpc_method]) {
          if (key !== undefined && !this.byKey.has(key)) this.byKey.set(key, s);
        }
      }
    }
    const stats = this.stats;
    this.prefixes = {
      counters: PER_METHOD_COUNTERS.map(([name]) => stats.map((st) => linePrefix(name, st.labels))),
      handled: stats.map((st) =>
        Array.from(st.handled, (_, code) => linePrefix(HANDLED, { ...st.labels, grpc_code: GRPC_CODE_NAMES[code as GrpcStatus] })),
      ),
      // The slot past the last bound is the +Inf bucket.
      buckets: stats.map((st) =>
        Array.from(st.buckets, (_, i) => linePrefix(`${HANDLING}_bucket`, { ...st.labels, le: String(buckets[i] ?? '+Inf') })),
      ),
      sum: stats.map((st) => linePrefix(`${HANDLING}_sum`, st.labels)),
      count: stats.map((st) => linePrefix(`${HANDLING}_count`, st.labels)),
    };
  }

  /**
   * The five families as exposition text, every method (and every code) at 0 from the start.
   * Written here rather than by prom-client, which re-hashed and re-escaped every label set at every
   * scrape: 700 lines, milliseconds of main thread in one piece.
   */
  text(): Buffer {
    const p = this.prefixes;
    let out = '';
    PER_METHOD_COUNTERS.forEach(([name, help, read], c) => {
      out += familyHeader(name, help, 'counter');
      this.stats.forEach((st, m) => (out += `${p.counters[c]![m]}${read(st)}\n`));
    });
    out += familyHeader(HANDLED, HANDLED_HELP, 'counter');
    this.stats.forEach((st, m) => st.handled.forEach((n, code) => (out += `${p.handled[m]![code]}${n}\n`)));
    out += familyHeader(HANDLING, HANDLING_HELP, 'histogram');
    this.stats.forEach((st, m) => {
      let count = 0;
      st.buckets.forEach((n, i) => {
        count += n;
        out += `${p.buckets[m]![i]}${count}\n`;
      });
      out += `${p.sum[m]}${st.sum}\n${p.count[m]}${count}\n`;
    });
    return Buffer.from(out);
  }

  /** A unary call arrived (its one request message is counted as received, as go-grpc-prometheus does). */
  started(method: string): void {
    const s = this.byKey.get(method);
    if (s === undefined) return;
    s.started++;
    s.received++;
  }

  /** A call ended with `code` after `seconds`; an OK unary call sent its one response. */
  finished(method: string, code: number, seconds: number): void {
    const s = this.byKey.get(method);
    if (s === undefined) return;
    const c = code >= 0 && code < CODE_COUNT ? code : GrpcStatus.UNKNOWN;
    increment(s.handled, c);
    if (c === GrpcStatus.OK) s.sent++;
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
