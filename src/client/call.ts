// One promise-returning unary call, with flic's error mapping: every client method goes through it.

import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { KvmError } from '../device/errno.js';
import { kvmErrorFromStatus } from '../proto/errorDetails.js';
import { BOOT_ID_KEY, VM_ID_KEY } from '../proto/wire.js';

/**
 * A KvmError rebuilt from a failed call's status details, with `.cause` the gRPC error as
 * received (trailers included); the call's own error when it carries no flic ErrorInfo
 * (UNAVAILABLE, deadline, …). KvmError's `.name` is 'KvmError', as for every Error subclass: the
 * errno name is `.errnoName`.
 */
export function fromServiceError(err: grpc.ServiceError): KvmError | grpc.ServiceError {
  if (err.metadata === undefined) return err;
  const kvmError = kvmErrorFromStatus(err);
  if (kvmError === undefined) return err;
  kvmError.cause = err;
  return kvmError;
}

/**
 * A method of the service definition, typed by what the client sends (Req) and decodes (Res).
 * The generated client methods are overloaded, which defeats inference; the definition is not.
 */
export type UnaryMethod<Req, Res> = MethodDefinition<Req, never, unknown, Res>;

/** A restarted server: the boot id its response carried, and the one seen before. */
export type RestartListener = (bootId: string, previousBootId: string) => void;

/**
 * The boot id of the server's responses (the `flic-boot-id` header of every call, errors
 * included). A new id means the server process restarted, and the VMs it held are gone.
 */
export class BootIdWatch {
  private current: string | undefined;
  private readonly listeners = new Set<RestartListener>();

  /** The boot id of the last response, or undefined before the first one. */
  get last(): string | undefined {
    return this.current;
  }

  onRestart(listener: RestartListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  seen(bootId: string): void {
    const previous = this.current;
    if (bootId === previous) return;
    this.current = bootId;
    if (previous !== undefined) for (const l of this.listeners) l(bootId, previous);
  }

  /** Reads the header of one response. */
  seenHeaders(metadata: grpc.Metadata): void {
    const v = metadata.get(BOOT_ID_KEY)[0];
    if (typeof v === 'string') this.seen(v);
  }
}

/**
 * What a call may carry besides its request: `signal` cancels it (a waiting Deliver; it then
 * rejects with the CANCELLED ServiceError), `bootIds` follows the server's boot id.
 */
export interface CallExtras {
  readonly signal?: AbortSignal | undefined;
  readonly bootIds?: BootIdWatch | undefined;
}

export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions = {},
  extras: CallExtras = {},
): Promise<Res> {
  const { bootIds, signal } = extras;
  return new Promise<Res>((resolve, reject) => {
    const cancel = (): void => call.cancel();
    const call = client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      metadata,
      options,
      (err, response) => {
        signal?.removeEventListener('abort', cancel);
        if (err) reject(fromServiceError(err));
        else resolve(response as Res);
      },
    );
    if (bootIds !== undefined) call.on('metadata', (headers: grpc.Metadata) => bootIds.seenHeaders(headers));
    if (signal === undefined) return;
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  });
}

/** Request metadata naming the VM, so proxies can route by header (design.md §6). */
export function vmMetadata(vmId: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set(VM_ID_KEY, vmId);
  return md;
}
