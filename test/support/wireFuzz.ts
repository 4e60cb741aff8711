// The wire-level fuzz (issue 11, acceptance): random, truncated and mutated request bytes to every
// flic.v1 method, plain or compressed (some with corrupt compressed data, a wrong frame flag, no or
// two messages, or a flic-vm-id header naming another VM), sent raw over HTTP/2 to a running flic.
// A model runs beside it: the same VM registry and handler bodies in process, fed what each call's
// bytes decode to (an independent zlib for the compression), so every answer must be the model's
// answer and the server's VMs must equal the model's: a state change that the decoded request does
// not explain, or a crash, fails the run. Used by test/server/wireFuzz.test.ts (short) and by the
// benchmark's quick mode (longer).

import { status } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import zlib from 'node:zlib';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/abi/index.js';
import { KvmError } from '../../src/device/errno.js';
import { NO_DELIVERY } from '../../src/device/index.js';
import { deliveryToMessage } from '../../src/proto/delivery.js';
import { VmRegistry } from '../../src/device/vmRegistry.js';
import { withEncodedReplies } from '../../src/proto/encodedReplies.js';
import { ERRNO_STATUS } from '../../src/proto/errnoCodes.js';
import type { FlicMethodName } from '../../src/proto/flicMethods.js';
import { flicRequestRoutes, type FlicRequestRoute } from '../../src/proto/flicRequests.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { VM_ID_KEY } from '../../src/proto/wire.js';
import { flicBodies, type FlicBodies } from '../../src/server/handlers.js';
import { VcpuWaits } from '../../src/server/vcpuWaits.js';
import { MUTATIONS, SeededRandom } from './fuzzMutations.js';
import { RawGrpcConnection, grpcFrame, type Encoding } from './rawGrpc.js';
import { sampleRequestBytes } from './requestSamples.js';

export interface WireFuzzOptions {
  /** host:port of a flic with no VMs, which this run may change at will. */
  readonly target: string;
  readonly seed: number;
  readonly calls: number;
  /** The server's --max-vms. */
  readonly maxVms: number;
  /** Compare every VM of the server with the model after this many calls. */
  readonly checkEvery: number;
}

export interface WireFuzzReport {
  readonly calls: number;
  /** Answers by gRPC code name. */
  readonly codes: Readonly<Record<string, number>>;
  readonly compressed: number;
  /** Calls whose bytes decoded to a request that reached the device. */
  readonly reachedDevice: number;
  readonly stateChecks: number;
  /** Each difference between the server and the model (empty when the run passed). */
  readonly failures: readonly string[];
}

/** What the model expects of one call. */
interface Expected {
  readonly code: number;
  /** Another code the call may end with (a waiting Deliver whose wait ends near its deadline). */
  readonly orCode?: number;
  /** The status message, when the model knows it exactly. */
  readonly message?: string;
  /** The response's bytes for an OK call. */
  readonly response?: Buffer;
}

/**
 * Every Deliver goes with this deadline: a mutated request may ask to wait up to 2^32 - 1 ms. A
 * wait that ends well before it answers NONE, one that ends well after is DEADLINE_EXCEEDED; a
 * wait near it may end either way.
 */
const DELIVER_DEADLINE_MS = 300;
const DEADLINE_MARGIN_MS = 150;

/** The gRPC call a waiting body sees, for the model (which cancels it as the deadline does). */
class ModelCall extends EventEmitter {
  cancelled = false;

  cancel(): void {
    this.cancelled = true;
    this.emit('cancelled');
  }
}

const BASE_VMS = ['fz-a', 'fz-b', 'fz-c'];
const OTHER_IDS = [...BASE_VMS, 'fz-new', 'fz-gone'];

interface Call {
  readonly route: FlicRequestRoute;
  readonly frames: Buffer;
  readonly headers: Record<string, string>;
  readonly describe: string;
  readonly compressed: boolean;
  /** The model's answer; applies the request to the model when it reaches the device. */
  expect(): Expected | Promise<Expected>;
}

function inflate(encoding: Encoding, body: Buffer, limit: number): Buffer | Expected {
  try {
    const options = { maxOutputLength: limit };
    return encoding === 'gzip' ? zlib.gunzipSync(body, options) : zlib.inflateSync(body, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { code: status.RESOURCE_EXHAUSTED };
    return { code: status.INVALID_ARGUMENT };
  }
}

class Model {
  readonly vms: VmRegistry;
  private readonly bodies: FlicBodies;
  /** As the server serializes: a reply written from records (encodedReplies.ts) passes as it is. */
  private readonly service = withEncodedReplies(loadFlicProto().flic.v1.Flic.service);
  /** Calls whose request reached the handler (the fuzz's own state checks are not counted). */
  reachedDevice = 0;

  constructor(maxVms: number, bootId: string) {
    this.vms = new VmRegistry({ maxVms });
    this.bodies = flicBodies(this.vms, new VcpuWaits(), { bootId });
  }

  /**
   * The answer to one decoded message (the call gate's checks, then the handler body). A reply
   * built in slices comes later; nothing else runs on the model meanwhile.
   */
  answer(route: FlicRequestRoute, body: Buffer, headerVmId: string | undefined, count = true): Expected | Promise<Expected> {
    if (body.length > route.maxBytes) return { code: status.RESOURCE_EXHAUSTED };
    let request: unknown;
    try {
      request = route.decode(body);
    } catch (err) {
      if (err instanceof KvmError) return this.failure(err);
      throw err;
    }
    if (headerVmId !== undefined && route.namesVm && (request as { vmId: string }).vmId !== headerVmId) {
      return { code: status.INVALID_ARGUMENT };
    }
    if (count) this.reachedDevice++;
    // The bodies use only what Cancellable (vcpuWaits.ts) names of their call; ModelCall has it.
    const run = this.bodies[route.method] as unknown as (r: unknown, call: ModelCall) => unknown;
    try {
      const call = new ModelCall();
      const response = run(request, call);
      const serialize = this.service[route.method]!.responseSerialize as (v: unknown) => Buffer;
      if (response instanceof Promise && route.method !== 'Deliver') {
        return response.then(
          (r): Expected => ({ code: status.OK, response: serialize(r) }),
          (err: unknown): Expected => {
            if (err instanceof KvmError) return this.failure(err);
            throw err;
          },
        );
      }
      if (response instanceof Promise) {
        // A Deliver that waits: its wait began (the scan position moved, on both sides); no other
        // call runs meanwhile, so it ends with nothing taken, by its own time or by the deadline.
        call.cancel();
        void response.catch(() => undefined);
        const waitMs = (request as { readonly waitMs: number }).waitMs;
        // What the server answers when the wait ends with nothing taken, encoded as it encodes it.
        const none = (): Buffer => serialize(deliveryToMessage(NO_DELIVERY));
        if (waitMs < DELIVER_DEADLINE_MS - DEADLINE_MARGIN_MS) return { code: status.OK, response: none() };
        if (waitMs > DELIVER_DEADLINE_MS + DEADLINE_MARGIN_MS) return { code: status.DEADLINE_EXCEEDED };
        return { code: status.OK, orCode: status.DEADLINE_EXCEEDED };
      }
      return { code: status.OK, response: serialize(response) };
    } catch (err) {
      if (err instanceof KvmError) return this.failure(err);
      throw err;
    }
  }

  private failure(err: KvmError): Expected {
    return { code: ERRNO_STATUS[err.errnoName], message: err.message };
  }
}

function buildCall(r: SeededRandom, model: Model, routes: FlicRequestRoute[], samples: Map<string, Map<FlicMethodName, Buffer>>): Call {
  const route = r.pick(routes);
  const vmId = r.pick(OTHER_IDS);
  const base = samples.get(vmId)!.get(route.method)!;
  const other = samples.get(r.pick(OTHER_IDS))!.get(r.pick(routes).method)!;
  const [, mutationName, mutate] = r.weighted(MUTATIONS.map((m) => [m[0], m] as const));
  let body = mutate(r, base, other);
  const encoding: Encoding = r.weighted([[60, 'identity'], [20, 'gzip'], [20, 'deflate']]);
  // Now and then a body past the small limit, or compressed past the 33 MiB one (a bomb of a few
  // KB on the wire); the zeros read as field number 0 when they do fit.
  if (r.chance(0.03)) body = Buffer.concat([body, Buffer.alloc(encoding === 'identity' ? 70_000 : r.pick([1 << 20, 36 << 20]))]);
  const framing = r.weighted([[85, 'one'], [3, 'none'], [4, 'two'], [2, 'flag 2'], [3, 'flag without encoding'], [3, 'corrupt']] as const);
  const headerVmId = r.weighted([[70, vmId], [10, r.pick(OTHER_IDS)], [20, undefined]] as const);
  const headers: Record<string, string> = {};
  if (headerVmId !== undefined) headers[VM_ID_KEY] = headerVmId;
  if (route.method === 'Deliver') headers['grpc-timeout'] = `${DELIVER_DEADLINE_MS}m`;
  const compressedBody = encoding === 'gzip' ? zlib.gzipSync(body) : encoding === 'deflate' ? zlib.deflateSync(body) : body;
  if (encoding !== 'identity') headers['grpc-encoding'] = encoding;
  const flag = encoding === 'identity' ? 0 : 1;
  const invalid = (): Expected => ({ code: status.INVALID_ARGUMENT });
  const expectOne = (): Expected | Promise<Expected> => {
    const limit = route.maxBytes;
    if (encoding === 'identity') return model.answer(route, body, headerVmId);
    const inflated = inflate(encoding, compressedBody, limit);
    return Buffer.isBuffer(inflated) ? model.answer(route, inflated, headerVmId) : inflated;
  };
  const describe = `${route.method} ${mutationName}, ${encoding}, ${framing}, header ${headerVmId ?? 'none'}`;
  const call = (frames: Buffer, expect: () => Expected | Promise<Expected>, extra: Record<string, string> = headers): Call => ({
    route,
    frames,
    headers: extra,
    describe,
    compressed: flag === 1,
    expect,
  });
  switch (framing) {
    case 'none':
      return call(Buffer.alloc(0), invalid);
    case 'two': {
      const f = grpcFrame(body);
      const plain = { ...headers };
      delete plain['grpc-encoding'];
      return call(Buffer.concat([f, f]), () => (body.length > route.maxBytes ? { code: status.RESOURCE_EXHAUSTED } : invalid()), plain);
    }
    case 'flag 2':
      return call(grpcFrame(body, 2), () => (body.length > route.maxBytes ? { code: status.RESOURCE_EXHAUSTED } : invalid()));
    case 'flag without encoding': {
      const plain = { ...headers };
      delete plain['grpc-encoding'];
      const z = zlib.gzipSync(body);
      return call(grpcFrame(z, 1), () => (z.length > route.maxBytes ? { code: status.RESOURCE_EXHAUSTED } : invalid()), plain);
    }
    case 'corrupt': {
      if (flag === 0) return call(grpcFrame(body), expectOne);
      const bad = Buffer.from(compressedBody);
      bad[r.below(bad.length)]! ^= 0xff;
      return call(grpcFrame(bad, 1), () => {
        const inflated = inflate(encoding, bad, route.maxBytes);
        return Buffer.isBuffer(inflated) ? model.answer(route, inflated, headerVmId) : inflated;
      });
    }
    default:
      return call(grpcFrame(compressedBody, flag), expectOne);
  }
}

const stringify = (x: unknown): string => JSON.stringify(x);

/** An oversized request that HTTP/2 refused by resetting its stream (no gRPC status). */
const STREAM_RESET = Symbol('stream reset');

/**
 * The server's VM set and every VM's Inspect and GET_ALL_IRQS answer, byte for byte, against the
 * model's; returns the differences.
 */
async function compareState(raw: RawGrpcConnection, client: FlicClient, model: Model): Promise<string[]> {
  const serverIds = (await client.listVms()).sort();
  const modelIds = model.vms.listVms().sort();
  if (stringify(serverIds) !== stringify(modelIds)) return [`VM set: server ${stringify(serverIds)}, model ${stringify(modelIds)}`];
  const service = loadFlicProto().flic.v1.Flic.service;
  const out: string[] = [];
  for (const id of serverIds) {
    for (const [method, request] of [['Inspect', { vmId: id }], ['GetAllIrqs', { vmId: id, bufferLen: 0x2000000 }]] as const) {
      const route = [...flicRequestRoutes().values()].find((r) => r.method === method)!;
      const bytes = (service[method].requestSerialize as (v: object) => Buffer)(request);
      const theirs = await raw.call(route.path, grpcFrame(bytes));
      const mine = await model.answer(route, bytes, undefined, false);
      const same = theirs.code === mine.code && (mine.response === undefined || (theirs.messages[0] ?? Buffer.alloc(0)).equals(mine.response));
      if (!same) out.push(`VM ${id}: ${method} of the server (${status[theirs.code]}) differs from the model's (${status[mine.code]})`);
    }
  }
  return out;
}

/** Puts the base VMs back (with their FLICs) on both sides, and drops extra ones. */
async function resetVms(client: FlicClient, model: Model): Promise<void> {
  for (const id of model.vms.listVms()) {
    if (BASE_VMS.includes(id) && model.vms.get(id).flic !== null) continue;
    await client.deleteVm(id);
    model.vms.deleteVm(id);
  }
  for (const [i, id] of BASE_VMS.entries()) {
    if (model.vms.listVms().includes(id)) continue;
    const config = i === 2 ? { profile: 'original' as const } : { ais: true, gisa: i === 0, adapterMapMode: 'tracked' as const };
    await client.createVm(id, config);
    await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
    model.vms.createVm(id, config);
    model.vms.get(id).createDevice(KVM_DEV_TYPE_FLIC);
  }
}

export async function runWireFuzz(o: WireFuzzOptions): Promise<WireFuzzReport> {
  const client = new FlicClient(o.target);
  let raw = new RawGrpcConnection(o.target);
  const failures: string[] = [];
  const codes: Record<string, number> = {};
  let compressed = 0;
  let stateChecks = 0;
  try {
    if ((await client.listVms()).length !== 0) throw new Error('wire fuzz: the server must start without VMs');
    const model = new Model(o.maxVms, await client.bootId());
    const routes = [...flicRequestRoutes().values()];
    const samples = new Map(OTHER_IDS.map((id) => [id, new Map(sampleRequestBytes(id).map((s) => [s.method, s.bytes]))]));
    const r = new SeededRandom(o.seed);
    await resetVms(client, model);
    for (let i = 0; i < o.calls && failures.length < 10; i++) {
      const call = buildCall(r, model, routes, samples);
      const answer = await raw.call(call.route.path, call.frames, { headers: call.headers }).catch((err: unknown) => {
        // A request far past its method's limit may be refused by HTTP/2 itself: the server stops
        // reading it, and nghttp2 answers the DATA frames that keep arriving for the finished stream
        // until it judges the connection a flood and ends it (ENHANCE_YOUR_CALM). Only that abusive
        // connection ends; the run goes on over a new one, and the state checks still apply.
        if (call.frames.length > call.route.maxBytes && String(err).includes('NGHTTP2_ENHANCE_YOUR_CALM')) return STREAM_RESET;
        throw new Error(`call ${i}: ${call.describe}, ${call.frames.length} bytes: ${String(err)}`);
      });
      if (typeof answer === 'symbol') {
        codes['RST_STREAM'] = (codes['RST_STREAM'] ?? 0) + 1;
        raw.close();
        raw = new RawGrpcConnection(o.target);
        continue;
      }
      const expected = await call.expect();
      codes[status[answer.code] ?? String(answer.code)] = (codes[status[answer.code] ?? String(answer.code)] ?? 0) + 1;
      if (call.compressed) compressed++;
      const where = `call ${i} (seed ${o.seed}): ${call.describe}, frames ${call.frames.subarray(0, 200).toString('hex')}`;
      if (answer.code !== expected.code && answer.code !== expected.orCode) failures.push(`${where}: server ${status[answer.code]} "${answer.message}", model ${status[expected.code]} ${expected.message ?? ''}`);
      else if (expected.message !== undefined && answer.message !== expected.message) failures.push(`${where}: server "${answer.message}", model "${expected.message}"`);
      else if (expected.response !== undefined && !(answer.messages[0] ?? Buffer.alloc(0)).equals(expected.response)) {
        failures.push(`${where}: the response differs from the model's: server ${(answer.messages[0] ?? Buffer.alloc(0)).toString("hex")} model ${expected.response.toString("hex")}`);
      }
      if ((i + 1) % o.checkEvery === 0 || i + 1 === o.calls) {
        stateChecks++;
        failures.push(...(await compareState(raw, client, model)).map((d) => `after call ${i} (seed ${o.seed}): ${d}`));
        await resetVms(client, model);
      }
    }
    return { calls: o.calls, codes, compressed, reachedDevice: model.reachedDevice, stateChecks, failures };
  } finally {
    raw.close();
    client.close();
  }
}
