// The first server interceptor of every call, of every service: what a call may send in and what
// every answer carries out.
//   In: each request frame is held to its method's byte limit, on the wire and decompressed
//   (requestDecompression.ts); a flic.v1 call then needs exactly one message that the strict
//   decoder accepted and whose vm_id is the one its flic-vm-id header names. A refusal answers
//   through the server's one error path and never reaches the handler.
//   Out: the boot id in the response headers of every call (errors included: they then end with
//   trailers rather than a trailers-only response), a google.rpc.Status trailer on grpc-js's own
//   error statuses, and one report per call to the hooks with its final status, whoever sent it.

import { Metadata, ServerInterceptingCall, status as GrpcStatus } from '@grpc/grpc-js';
import type {
  ServerInterceptingCallInterface,
  ServerInterceptor,
  ServerListener,
  ServerMethodDefinition,
} from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { KvmError } from '../device/errno.js';
import type { FlicRequestRoute } from '../proto/flicRequests.js';
import { RefusedRequest } from '../proto/requestDecoder.js';
import { SMALL_REQUEST_BYTES } from '../proto/requestLimits.js';
import { BOOT_ID_KEY, REQUEST_GROUP, VM_ID_KEY } from '../proto/wire.js';
import {
  addResponseHeaders,
  baseCallOf,
  boundRequestFrames,
  interceptEveryStatus,
  isFrameSizeRefusal,
  type PartialStatusObject,
} from './grpcInternals.js';
import type { RefusalReason, ServerHooks } from './hooks.js';
import { decompressRequest, tooLarge, type RequestRefusal } from './requestDecompression.js';
import { errorStatus, refusalStatus, withStatusDetails, type FlicStatus } from './status.js';

export interface CallGateOptions {
  /** The flic.v1 methods by path; other paths (health, reflection) get the byte limit only. */
  readonly routes: ReadonlyMap<string, FlicRequestRoute>;
  readonly bootId: string;
  readonly hooks: ServerHooks | undefined;
  readonly logger: Logger;
}

function isRefusal(x: unknown): x is RequestRefusal {
  return typeof x === 'object' && x !== null && 'reason' in x && 'status' in x;
}

function requestError(detail: string): KvmError {
  return new KvmError('EINVAL', REQUEST_GROUP, detail);
}

/** The one report of a call: started when its stream opened, finished once. */
class CallReport {
  done = false;
  private readonly began = performance.now();

  constructor(
    private readonly hooks: ServerHooks | undefined,
    private readonly path: string,
  ) {
    hooks?.callStarted(path);
  }

  finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.hooks?.callFinished(this.path, code, (performance.now() - this.began) / 1000);
  }
}

export function callGate(options: CallGateOptions): ServerInterceptor {
  const { routes, bootId, hooks, logger } = options;
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    const path = method.path;
    const base = baseCallOf(call);
    if (base === null) {
      // Only a server built around createFlicServer's order could get here; its calls cannot be
      // checked, so they are answered INTERNAL (a server bug) rather than run unchecked.
      logger.error({ method: path }, 'the call gate is not the first server interceptor');
      return new ServerInterceptingCall(call, { start: () => call.sendStatus(errorStatus(new Error('call gate misplaced'), path, logger)) });
    }
    const route = routes.get(path);
    const limit = route?.maxBytes ?? SMALL_REQUEST_BYTES;
    const report = new CallReport(hooks, path);

    boundRequestFrames(base, limit, (frame, encoding) =>
      decompressRequest(frame, encoding, path, limit).catch((err: unknown) => {
        if (!isRefusal(err)) throw errorStatus(err, path, logger);
        hooks?.requestRefused(path, err.reason);
        throw err.status;
      }),
    );
    let headersSent = false;
    addResponseHeaders(base, (metadata) => {
      headersSent = true;
      metadata.set(BOOT_ID_KEY, bootId);
      return metadata;
    });
    interceptEveryStatus(base, (status: PartialStatusObject) => {
      // grpc-js may try again after the first status (a frame reader that keeps failing on the
      // rest of the stream); only the first is the call's answer.
      if (report.done) return status;
      if (!headersSent) base.sendMetadata(new Metadata());
      let out: PartialStatusObject = status;
      if (isFrameSizeRefusal(status)) {
        // grpc-js's frame reader refused the frame before decompressRequest saw it.
        const refusal = tooLarge(path, limit, 'is');
        hooks?.requestRefused(path, refusal.reason);
        out = refusal.status;
      }
      report.finish(out.code);
      return withStatusDetails(out);
    });

    const refuse = (reason: RefusalReason, status: FlicStatus): void => {
      hooks?.requestRefused(path, reason);
      call.sendStatus(status);
    };
    const onCancel = (): void => report.finish(GrpcStatus.CANCELLED);
    const listener: ServerListener =
      route === undefined
        ? { onCancel, onReceiveMessage: counted(hooks, path) }
        : unaryRequestListener(route, hooks, refuse, (status) => call.sendStatus(status), onCancel);
    return new ServerInterceptingCall(call, {
      start: (next) => next(listener),
      sendMessage: (message, next) => {
        hooks?.messageSent(path);
        next(message);
      },
    });
  };
}

function counted(hooks: ServerHooks | undefined, path: string): ServerListener['onReceiveMessage'] {
  return (message, next) => {
    hooks?.messageReceived(path);
    next(message);
  };
}

/**
 * A flic.v1 call: one message, decoded (or refused by the decoder), naming the VM its header
 * names. Everything else is refused with EINVAL before the handler sees the call.
 */
function unaryRequestListener(
  route: FlicRequestRoute,
  hooks: ServerHooks | undefined,
  refuse: (reason: RefusalReason, status: FlicStatus) => void,
  answer: (status: FlicStatus) => void,
  onCancel: () => void,
): ServerListener {
  let messages = 0;
  let refused = false;
  let headerVmIds: readonly string[] = [];
  const stop = (reason: RefusalReason, err: KvmError): void => {
    refused = true;
    refuse(reason, refusalStatus(err));
  };
  return {
    onReceiveMetadata(metadata, next) {
      headerVmIds = metadata.get(VM_ID_KEY).filter((v): v is string => typeof v === 'string');
      next(metadata);
    },
    onReceiveMessage(message, next) {
      hooks?.messageReceived(route.path);
      if (refused) return;
      if (++messages > 1) {
        stop('cardinality', requestError(`${route.method} takes exactly one request message; a second one arrived`));
        return;
      }
      if (message instanceof RefusedRequest) {
        const err = message.error;
        if (err.group === REQUEST_GROUP) {
          stop(err.metadata['limit'] === undefined ? 'undecodable' : 'limit', err);
        } else {
          // A typed record wider than its kernel field: the typed API's own EINVAL, a device error.
          refused = true;
          hooks?.deviceError(err);
          answer(refusalStatus(err));
        }
        return;
      }
      if (route.namesVm && headerVmIds.length > 0) {
        const vmId = (message as { readonly vmId: string }).vmId;
        const other = headerVmIds.find((id) => id !== vmId);
        if (other !== undefined) {
          stop(
            'vm_id_header',
            requestError(`the ${VM_ID_KEY} header names VM "${other}", but the request's vm_id is "${vmId}"`),
          );
          return;
        }
      }
      next(message);
    },
    onReceiveHalfClose(next) {
      if (refused) return;
      if (messages === 0) {
        stop('cardinality', requestError(`${route.method} takes exactly one request message; the call carried none`));
        return;
      }
      next();
    },
    onCancel,
  };
}
