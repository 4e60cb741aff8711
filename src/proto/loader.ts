// The one place that says how flic's protos are loaded. The server, the client and the type
// generator (scripts/gen-types.mjs) all take their options from here, so the generated types
// always describe the objects that proto-loader really produces.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../gen/flic.js';

/** The contract's file, relative to the repo's proto directory. */
export const FLIC_PROTO_FILE = 'flic/v1/flic.proto';

/**
 * Send and receive limit on both sides: the largest legal ENQUEUE or GET_ALL_IRQS is
 * 33,554,376 bytes of kernel records, and 1 MiB of headroom covers the protobuf framing.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024 + 1024 * 1024;

/** Channel options that every flic server and client uses. */
export const MESSAGE_LIMIT_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
};

const PROTO_MARKER = path.join('proto', FLIC_PROTO_FILE);

/**
 * The repo's proto directory, found by walking up from this module, so that the same code works
 * from src/ (tests), dist/src/ (the build) and the generator's transpiled copy.
 */
function findProtoDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, PROTO_MARKER))) return path.join(dir, 'proto');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`flic: cannot find ${PROTO_MARKER} above ${import.meta.url}`);
    dir = parent;
  }
}

/** The google-proto-files package root, which holds google/rpc/*.proto (not copied into flic). */
function googleProtoDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('google-proto-files/package.json'));
}

export const PROTO_DIR = findProtoDir();
export const GOOGLE_PROTO_DIR = googleProtoDir();

/** The proto-loader options (shared by server, client and type generation). */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR, GOOGLE_PROTO_DIR],
} satisfies protoLoader.Options;

/**
 * The same options as proto-loader-gen-types flags. Include dirs are made relative to `cwd` (where
 * the generator runs), because the generated files name their source and must not depend on
 * where the repo is checked out.
 */
export function genTypesFlags(cwd: string): string[] {
  const o = PROTO_LOADER_OPTIONS;
  const flags = [`--longs=${o.longs.name}`, `--enums=${o.enums.name}`];
  if (o.keepCase) flags.push('--keepCase');
  if (o.defaults) flags.push('--defaults');
  if (o.oneofs) flags.push('--oneofs');
  for (const dir of o.includeDirs) flags.push(`--includeDirs=${path.relative(cwd, dir)}`);
  return flags;
}

let flicPackage: ProtoGrpcType | undefined;

/** The loaded flic.v1 package (loaded once per process). */
export function loadFlicProto(): ProtoGrpcType {
  if (flicPackage === undefined) {
    const definition = protoLoader.loadSync(FLIC_PROTO_FILE, { ...PROTO_LOADER_OPTIONS });
    // proto-loader's result is untyped; ProtoGrpcType is generated from the same file with the
    // same options, so it describes this object exactly.
    flicPackage = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  }
  return flicPackage;
}
