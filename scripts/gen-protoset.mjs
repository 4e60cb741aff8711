#!/usr/bin/env node
// Regenerates proto/flic.protoset: the FileDescriptorSet that server reflection serves, as protoc
// builds it (real file names, complete dependency lists, map entries, options), so that strict
// descriptor validators (Go's protodesc, Python's C++ descriptor pool, grpcurl) accept it. The
// server reads the file at start and never needs protoc; regenerating does (Debian:
// protobuf-compiler). `npm run gen` writes proto/flic.protoset; `--out FILE` writes elsewhere (the
// no-diff test in test/server/reflection.test.ts uses that).
//
// The set holds every service the server serves and everything they and the error details use:
// flic.v1, google.rpc.Status and ErrorInfo (with google/protobuf/any.proto and duration.proto),
// grpc.health.v1 and the reflection service itself (v1 and v1alpha). Each file has the name that
// protoc and every other language's stubs give it; grpc-health-check ships health.proto as
// health/v1/health.proto, so it is compiled from a copy at its canonical grpc/health/v1 path.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'proto', 'flic.protoset');

const require = createRequire(import.meta.url);
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));

/** The files the set is built from, by their canonical names; imports come with them. */
const FILES = [
  'flic/v1/flic.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
  'grpc/health/v1/health.proto',
  'grpc/reflection/v1/reflection.proto',
  'grpc/reflection/v1alpha/reflection.proto',
];

const canonical = mkdtempSync(path.join(tmpdir(), 'flic-protoset-'));
try {
  mkdirSync(path.join(canonical, 'grpc', 'health', 'v1'), { recursive: true });
  copyFileSync(
    path.join(packageDir('grpc-health-check'), 'proto', 'health', 'v1', 'health.proto'),
    path.join(canonical, 'grpc', 'health', 'v1', 'health.proto'),
  );
  const includeDirs = [
    path.join(root, 'proto'),
    canonical,
    path.join(packageDir('@grpc/reflection'), 'build', 'proto'),
    // google/rpc and google/protobuf, the same copies the server loads.
    packageDir('google-proto-files'),
  ];
  try {
    execFileSync(
      'protoc',
      [...includeDirs.map((dir) => `--proto_path=${dir}`), '--include_imports', `--descriptor_set_out=${out}`, ...FILES],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } catch (err) {
    if (err.code === 'ENOENT') {
      console.error('gen-protoset: protoc is missing (Debian: protobuf-compiler)');
      process.exit(2);
    }
    throw err;
  }
} finally {
  rmSync(canonical, { recursive: true, force: true });
}
