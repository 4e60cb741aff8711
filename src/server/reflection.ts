// Server reflection (@grpc/reflection), so that grpcurl and other tools need no proto files. It
// describes flic.v1 and the health service, and it also knows google.rpc.Status and ErrorInfo,
// so that grpcurl can decode the error details in the grpc-status-details-bin trailer.

import path from 'node:path';
import type { Server } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { FLIC_PROTO_FILE, PROTO_LOADER_OPTIONS } from '../proto/loader.js';

const HEALTH_PROTO_FILE = 'health/v1/health.proto';
/** The directory that holds health/v1/health.proto inside grpc-health-check. */
const HEALTH_PROTO_DIR = path.resolve(path.dirname(healthProtoPath), '..', '..');

export const REFLECTED_PROTO_FILES: readonly string[] = [
  FLIC_PROTO_FILE,
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
  HEALTH_PROTO_FILE,
];

/**
 * One package definition with every file that reflection describes. It is loaded with flic's
 * options except keepCase: proto-loader writes its field-name casing into the descriptors it
 * hands to reflection, and a tool that generates code from reflection must see the names of the
 * .proto file (vm_id, not vmId). The wire format does not depend on it.
 */
export function loadReflectedPackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...REFLECTED_PROTO_FILES], {
    ...PROTO_LOADER_OPTIONS,
    keepCase: true,
    includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs, HEALTH_PROTO_DIR],
  });
}

export function addReflection(
  server: Pick<Server, 'addService'>,
  definition: protoLoader.PackageDefinition = loadReflectedPackageDefinition(),
): void {
  new ReflectionService(definition).addToServer(server);
}
