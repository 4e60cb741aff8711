// Each flic.v1.Flic method's request as the server receives it: its request type, its byte limit,
// whether it names a VM, and its strict decoder (requestDecoder.ts). Every method materializes
// what proto-loader would have built, except Enqueue, whose records go straight into kernel layout.

import type { handleUnaryCall } from '@grpc/grpc-js';
import { KvmError } from '../device/errno.js';
import type { FlicDefinition, FlicHandlers } from '../gen/flic/v1/Flic.js';
import { enqueueRecordsDecoder, type EnqueueRecords } from './enqueueRecords.js';
import type { FlicMethodName } from './flicMethods.js';
import { loadFlicProto } from './loader.js';
import { RefusedRequest, strictDecoder, type RequestDecode } from './requestDecoder.js';
import { requestBytesLimit } from './requestLimits.js';
import { flicDescriptors } from './requestSchema.js';

type GeneratedRequestOf<M extends FlicMethodName> = FlicHandlers[M] extends handleUnaryCall<infer Req, unknown> ? Req : never;

/** What each method's handler receives: proto-loader's object, or Enqueue's kernel records. */
export type FlicRequestOf<M extends FlicMethodName> = M extends 'Enqueue' ? EnqueueRecords : GeneratedRequestOf<M>;

export interface FlicRequestRoute {
  readonly method: FlicMethodName;
  /** /flic.v1.Flic/Method */
  readonly path: string;
  /** flic.v1.EnqueueRequest */
  readonly requestType: string;
  /** Bytes of the request frame, on the wire and decompressed. */
  readonly maxBytes: number;
  /** The request has a vm_id (checked against the flic-vm-id header). */
  readonly namesVm: boolean;
  readonly decode: RequestDecode<unknown>;
}

/** One route per method of flic.v1.Flic, by path. */
export function flicRequestRoutes(): ReadonlyMap<string, FlicRequestRoute> {
  const service = loadFlicProto().flic.v1.Flic.service;
  const descriptors = flicDescriptors().lookupService('flic.v1.Flic');
  const routes = new Map<string, FlicRequestRoute>();
  for (const method of Object.keys(service) as FlicMethodName[]) {
    const definition = service[method];
    const rpc = descriptors.methods[method];
    const requestType = rpc?.resolvedRequestType?.fullName.replace(/^\./, '');
    if (rpc === undefined || requestType === undefined) throw new Error(`flic: ${method} is not in the descriptors`);
    const deserialize = definition.requestDeserialize as (bytes: Buffer) => unknown;
    const decode: RequestDecode<unknown> =
      method === 'Enqueue' ? enqueueRecordsDecoder() : strictDecoder(requestType, (bytes) => deserialize(bytes));
    routes.set(definition.path, {
      method,
      path: definition.path,
      requestType,
      maxBytes: requestBytesLimit(requestType),
      namesVm: flicDescriptors().lookupType(requestType).fields['vm_id'] !== undefined,
      decode,
    });
  }
  return routes;
}

/**
 * flic.v1.Flic as the server registers it: proto-loader's definition with each method's
 * requestDeserialize replaced by its strict decoder. A refusal is handed on as a RefusedRequest
 * (the server answers it, counted, through its one error path); anything else a decoder throws is a
 * bug, which grpc-js answers INTERNAL.
 */
export function strictFlicService(routes: ReadonlyMap<string, FlicRequestRoute>): FlicDefinition {
  const service = loadFlicProto().flic.v1.Flic.service;
  const strict: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(service)) {
    const route = routes.get(definition.path);
    if (route === undefined) throw new Error(`flic: no request route for ${definition.path}`);
    const decode = route.decode;
    strict[name] = {
      ...definition,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return decode(bytes);
        } catch (err) {
          if (err instanceof KvmError) return new RefusedRequest(err);
          throw err;
        }
      },
    };
  }
  // The same methods with the same types on the wire; only the server-side decoding differs.
  return strict as unknown as FlicDefinition;
}
