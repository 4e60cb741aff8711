// Requests as h2load sends them: the protobuf bytes that the real client would send (serialized
// by the service definition that proto-loader builds from flic.proto with the project's options),
// wrapped in one gRPC length-prefixed message.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlicDefinition } from '../../src/gen/flic/v1/Flic.js';
import type { FlicMethodName } from '../../src/proto/flicMethods.js';
import { loadFlicProto } from '../../src/proto/loader.js';

export type FlicMethod = FlicMethodName;
type RequestOf<M extends FlicMethod> = FlicDefinition[M] extends { requestSerialize: (value: infer R) => Buffer } ? R : never;

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

/** Bytes of the gRPC message prefix: compressed flag (1) and big-endian length (4). */
export const GRPC_PREFIX_BYTES = 5;

export function serialize<M extends FlicMethod>(method: M, request: RequestOf<M>): Buffer {
  const def = loadFlicProto().flic.v1.Flic.service[method] as { requestSerialize: (value: RequestOf<M>) => Buffer };
  return def.requestSerialize(request);
}

/** One uncompressed gRPC message: 0, the length (u32 big-endian), the bytes. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(GRPC_PREFIX_BYTES + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, GRPC_PREFIX_BYTES);
  return frame;
}

/** The URL path of a Flic method, e.g. /flic.v1.Flic/Enqueue. */
export function methodPath(method: FlicMethod): string {
  return loadFlicProto().flic.v1.Flic.service[method].path;
}

/** A request ready for h2load: its path, and its frame in a file (h2load -d reads a file). */
export interface PreparedRequest {
  /** A Flic method, or the health service's check. */
  readonly method: FlicMethod | 'HealthCheck';
  readonly path: string;
  readonly vmId: string;
  readonly file: string;
  readonly bytes: number;
}

/** A scratch directory for request files, removed by dispose(). */
export class RequestFiles {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'flic-bench-'));
  private seq = 0;

  prepare<M extends FlicMethod>(method: M, vmId: string, request: RequestOf<M>): PreparedRequest {
    const frame = grpcFrame(serialize(method, request));
    const file = path.join(this.dir, `${this.seq++}-${method}.bin`);
    writeFileSync(file, frame);
    return { method, path: methodPath(method), vmId, file, bytes: frame.length };
  }

  /** grpc.health.v1.Health/Check for the whole server (an empty HealthCheckRequest). */
  prepareHealthCheck(): PreparedRequest {
    const frame = grpcFrame(new Uint8Array(0));
    const file = path.join(this.dir, `${this.seq++}-HealthCheck.bin`);
    writeFileSync(file, frame);
    return { method: 'HealthCheck', path: HEALTH_CHECK_PATH, vmId: '', file, bytes: frame.length };
  }

  /** A file name in the scratch directory (for h2load's per-request log). */
  scratch(name: string): string {
    return path.join(this.dir, `${this.seq++}-${name}`);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
