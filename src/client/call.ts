// One promise-returning unary call, with flic's error mapping: every client method goes through it.

import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { VM_ID_KEY } from '../proto/loader.js';
import { fromServiceError } from './errors.js';

/**
 * A method of the service definition, typed by what the client sends (Req) and decodes (Res).
 * The generated client methods are overloaded, which defeats inference; the definition is not.
 */
export type UnaryMethod<Req, Res> = MethodDefinition<Req, never, unknown, Res>;

export function callUnary<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions = {},
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      metadata,
      options,
      (err, response) => {
        if (err) reject(fromServiceError(err));
        else resolve(response as Res);
      },
    );
  });
}

/** Request metadata naming the VM, so proxies can route by header (design.md §6). */
export function vmMetadata(vmId: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set(VM_ID_KEY, vmId);
  return md;
}
