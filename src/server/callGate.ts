// The first server interceptor of every call, of every service: what a call may send in and what
// every answer carries out.
//   In: each request frame is held to its method's byte limit, on the wire and decompressed
//   (requestDecompression.ts); a flic.v1 call then needs exactly one message that the strict
//   decoder accepted and whose vm_id is the one its flic-vm-id header names. Under --authz-file the
//   caller is identified at its headers and authorized at its decoded request (security/). A
//   refusal answers through the server's one error path and never reaches the handler.
//   Out: the boot id in the response headers of every call (errors included: they then end with
//   trailers rather than a trailers-only response), a google.rpc.Status trailer on grpc-js's own
//   error statuses, and one report per call to the hooks with its final status, whoever sent it.
// It runs on every call, so each call gets one object (below) and no closures.

import { Metadata, ServerInterceptingCall, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServerInterceptingCallInterface, ServerInterceptor, ServerMethodDefinition } from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { FlicRequestRoute } from '../proto/flicRequests.js';
import { RefusedRequest } from '../proto/requestDecoder.js';
import { SMALL_REQUEST_BYTES } from '../proto/requestLimits.js';
import { BOOT_ID_KEY, REQUEST_GROUP, VM_ID_KEY } from '../proto/wire.js';
import {
  gateCall,
  isFrameSizeRefusal,
  type GatedCall,
  type InterceptingServerListener,
  type PartialStatusObject,
} from './grpcInternals.js';
import type { RefusalReason, ServerHooks } from './hooks.js';
import { decompressRequest, tooLarge, type RequestRefusal } from './requestDecompression.js';
import type { Authorizer, Caller } from './security/authorizer.js';
import type { QuotaTicket } from './security/quotaLedger.js';
import { errorStatus, refusalStatus, withStatusDetails } from './status.js';

export interface CallGateOptions {
  /** The flic.v1 methods by path; other paths (health, reflection) get the byte limit only. */
  readonly routes: ReadonlyMap<string, FlicRequestRoute>;
  readonly bootId: string;
  readonly hooks: ServerHooks | undefined;
  readonly logger: Logger;
  /** Authentication, authorization and quotas (absent: every call is allowed). */
  readonly authorizer?: Authorizer | undefined;
}

function isRefusal(x: unknown): x is RequestRefusal {
  return typeof x === 'object' && x !== null && 'reason' in x && 'status' in x;
}

function requestError(detail: string): KvmError {
  return new KvmError('EINVAL', REQUEST_GROUP, detail);
}

const NO_IDS: readonly string[] = [];

/** One call behind the gate: its checks, its report, and the listener that forwards what passes. */
class GateCall implements GatedCall, InterceptingServerListener {
  private readonly began = performance.now();
  private next: InterceptingServerListener | null = null;
  private headersSent = false;
  private finished = false;
  /** A refusal was sent: nothing more goes up to the handler. */
  private refused = false;
  private messages = 0;
  private headerVmIds: readonly string[] = NO_IDS;
  /** Who the authorizer found the caller to be (undefined: no authorizer, or not yet). */
  private caller: Caller | undefined;
  /** What the authorizer reserved for this call, handed back when the call ends. */
  private ticket: QuotaTicket | null = null;

  constructor(
    private readonly options: CallGateOptions,
    private readonly call: ServerInterceptingCallInterface,
    private readonly path: string,
    private readonly route: FlicRequestRoute | undefined,
    private readonly limit: number,
  ) {}

  // ---- what grpc-js's call object hands over (grpcInternals.ts) --------------------------------

  decompress(frame: Buffer, encoding: string): Buffer | Promise<Buffer> {
    try {
      const body = decompressRequest(frame, encoding, this.path, this.limit);
      return body instanceof Promise ? body.catch((err: unknown) => this.decompressionRefused(err)) : body;
    } catch (err) {
      return this.decompressionRefused(err);
    }
  }

  /** grpc-js sends what this throws as the call's status. */
  private decompressionRefused(err: unknown): never {
    if (!isRefusal(err)) throw errorStatus(err, this.path, this.options.logger);
    this.options.hooks?.requestRefused(this.path, err.reason);
    throw err.status;
  }

  beforeStatus(status: PartialStatusObject): PartialStatusObject {
    // grpc-js may try again after the first status (a frame reader that keeps failing on the rest
    // of the stream); only the first is the call's answer.
    if (this.finished) return status;
    this.finished = true;
    if (!this.headersSent) this.call.sendMetadata(new Metadata());
    let out = status;
    if (isFrameSizeRefusal(status)) {
      // grpc-js's frame reader refused the frame before decompress() saw it.
      const refusal = tooLarge(this.path, this.limit, 'is');
      this.options.hooks?.requestRefused(this.path, refusal.reason);
      out = refusal.status;
    }
    this.settle(out.code);
    this.options.hooks?.callFinished(this.path, out.code, (performance.now() - this.began) / 1000);
    return withStatusDetails(out);
  }

  headers(metadata: Metadata): Metadata {
    this.headersSent = true;
    metadata.set(BOOT_ID_KEY, this.options.bootId);
    return metadata;
  }

  messageSent(): void {
    this.options.hooks?.messageSent(this.path);
  }

  listener(next: InterceptingServerListener): InterceptingServerListener {
    this.next = next;
    return this;
  }

  // ---- the listener: what the client sends, on its way up -------------------------------------

  onReceiveMetadata(metadata: Metadata): void {
    if (this.route !== undefined && this.route.namesVm) {
      const ids = metadata.get(VM_ID_KEY);
      if (ids.length > 0) this.headerVmIds = ids.filter((v): v is string => typeof v === 'string');
    }
    const authorizer = this.options.authorizer;
    if (authorizer !== undefined) {
      const caller = authorizer.authenticate(this.path, this.route, metadata, this.call);
      if (isRefusal(caller)) {
        this.refuseWith(caller);
        return;
      }
      this.caller = caller;
    }
    this.next!.onReceiveMetadata(metadata);
  }

  onReceiveMessage(message: unknown): void {
    this.options.hooks?.messageReceived(this.path);
    // After the call's answer (a refusal, a deadline) nothing goes up any more.
    if (this.refused || this.finished) return;
    const route = this.route;
    if (route !== undefined) {
      const problem = this.check(route, message);
      if (problem !== null) return;
    }
    this.next!.onReceiveMessage(message);
  }

  onReceiveHalfClose(): void {
    if (this.refused || this.finished) return;
    if (this.route !== undefined && this.messages === 0) {
      this.refuse('cardinality', requestError(`${this.route.method} takes exactly one request message; the call carried none`));
      return;
    }
    this.next!.onReceiveHalfClose();
  }

  onCancel(): void {
    if (!this.finished) {
      this.finished = true;
      this.settle(GrpcStatus.CANCELLED);
      this.options.hooks?.callFinished(this.path, GrpcStatus.CANCELLED, (performance.now() - this.began) / 1000);
    }
    this.next?.onCancel();
  }

  /**
   * A flic.v1 call: one message, decoded (or refused by the decoder), naming the VM its header
   * names. Returns null when the message may go up, or the reason it was refused.
   */
  private check(route: FlicRequestRoute, message: unknown): RefusalReason | 'device' | null {
    if (++this.messages > 1) {
      return this.refuse('cardinality', requestError(`${route.method} takes exactly one request message; a second one arrived`));
    }
    if (message instanceof RefusedRequest) {
      const err = message.error;
      if (err.group !== REQUEST_GROUP) {
        // A typed record wider than its kernel field: the typed API's own EINVAL, a device error.
        this.refused = true;
        // The request did not decode, so its vm_id is not known here.
        this.options.hooks?.deviceError(err, route.method, undefined);
        this.call.sendStatus(refusalStatus(err));
        return 'device';
      }
      return this.refuse(err.metadata['limit'] === undefined ? 'undecodable' : 'limit', err);
    }
    if (this.headerVmIds.length > 0) {
      const vmId = (message as { readonly vmId: string }).vmId;
      const other = this.headerVmIds.find((id) => id !== vmId);
      if (other !== undefined) {
        return this.refuse('vm_id_header', requestError(`the ${VM_ID_KEY} header names VM "${other}", but the request's vm_id is "${vmId}"`));
      }
    }
    const authorizer = this.options.authorizer;
    if (authorizer !== undefined) {
      const decision = authorizer.authorize(route, this.caller, message);
      if (isRefusal(decision)) return this.refuseWith(decision);
      if (decision !== null && 'deviceError' in decision) {
        // The pending budget refuses first (before any quota): the device's own ENOMEM.
        this.refused = true;
        this.options.hooks?.deviceError(decision.deviceError, route.method, decision.vmId);
        this.call.sendStatus(refusalStatus(decision.deviceError));
        return 'device';
      }
      this.ticket = decision;
    }
    return null;
  }

  /** The authorizer's reservation for this call goes back, with the call's final code. */
  private settle(code: number): void {
    if (this.ticket === null) return;
    this.options.authorizer?.finish(this.ticket, code);
    this.ticket = null;
  }

  private refuse(reason: RefusalReason, err: KvmError): RefusalReason {
    return this.refuseWith({ reason, status: refusalStatus(err) });
  }

  private refuseWith(refusal: RequestRefusal): RefusalReason {
    this.refused = true;
    this.options.hooks?.requestRefused(this.path, refusal.reason);
    // Guarded: a flood of refusals builds no objects at the default level.
    const logger = this.options.logger;
    if (logger.isLevelEnabled('debug')) logger.debug({ method: this.path, reason: refusal.reason, detail: refusal.status.details }, 'request refused');
    this.call.sendStatus(refusal.status);
    return refusal.reason;
  }
}

export function callGate(options: CallGateOptions): ServerInterceptor {
  const { routes, logger } = options;
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const path = method.path;
    const route = routes.get(path);
    const limit = route?.maxBytes ?? SMALL_REQUEST_BYTES;
    const gated = gateCall(call, limit, new GateCall(options, call, path, route, limit));
    if (gated !== null) {
      options.hooks?.callStarted(path);
      return gated;
    }
    // Only a server built around createFlicServer's order could get here; its calls cannot be
    // checked, so they are answered INTERNAL (a server bug) rather than run unchecked.
    logger.error({ method: path }, 'the call gate is not the first server interceptor');
    return new ServerInterceptingCall(call, { start: () => call.sendStatus(errorStatus(new Error('call gate misplaced'), path, logger)) });
  };
}
