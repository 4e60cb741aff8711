// One promise-returning unary call, with flic's error mapping: every client method goes through it.

import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { KvmError } from '../device/errno.js';
import { kvmErrorFromStatus } from '../proto/errorDetails.js';
import { VM_ID_KEY } from '../proto/wire.js';

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

/**
 * `signal` cancels the call (a waiting Deliver): it then rejects with the CANCELLED ServiceError.
 */
export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions = {},
  signal?: AbortSignal,
): Promise<Res> {
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
