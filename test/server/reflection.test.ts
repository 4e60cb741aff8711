// Server reflection, through the reflection API itself with a real grpc-js client (as grpcurl
// uses it), against the whole service: every service is listed, every file has its protoc name
// and complete imports, every type a file names is declared in it or in a file it imports (the
// rule Go's protodesc and Python's descriptor pool enforce; clients/go and clients/python run
// those validators on the same answers), map entries are named as protoc names them, and
// proto/flic.protoset is what protoc builds today.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import { PROTOSET_FILE } from '../../src/server/reflection.js';
import { commandCheck } from '../support/systemTool.js';
import { testServiceConfig } from './fixture.js';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFLECTION_PROTO_DIR = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
  messageResponse: string;
}

interface FieldJson {
  name: string;
  number: number;
  label?: string;
  type?: string;
  typeName?: string;
}
interface MessageJson {
  name: string;
  field?: FieldJson[];
  nestedType?: MessageJson[];
  enumType?: { name: string }[];
  options?: { mapEntry?: boolean };
}
interface FileJson {
  name: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageJson[];
  enumType?: { name: string }[];
  service?: { name: string; method?: { name: string; inputType: string; outputType: string }[] }[];
}

/** Every file the server serves, its imports, and the packages they declare. */
const EXPECTED_FILES: Record<string, { package: string; dependency: string[] }> = {
  'flic/v1/flic.proto': { package: 'flic.v1', dependency: [] },
  'google/rpc/status.proto': { package: 'google.rpc', dependency: ['google/protobuf/any.proto'] },
  'google/rpc/error_details.proto': { package: 'google.rpc', dependency: ['google/protobuf/duration.proto'] },
  'google/protobuf/any.proto': { package: 'google.protobuf', dependency: [] },
  'google/protobuf/duration.proto': { package: 'google.protobuf', dependency: [] },
  'grpc/health/v1/health.proto': { package: 'grpc.health.v1', dependency: [] },
  'grpc/reflection/v1/reflection.proto': { package: 'grpc.reflection.v1', dependency: [] },
  'grpc/reflection/v1alpha/reflection.proto': { package: 'grpc.reflection.v1alpha', dependency: [] },
};

let flic: RunningService;
let client: grpc.Client;

function reflect(request: Record<string, string>): Promise<ReflectionResponse> {
  const stub = client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> };
  return new Promise((resolve, reject) => {
    const call = stub.serverReflectionInfo();
    call.once('data', (response: ReflectionResponse) => {
      resolve(response);
      call.end();
    });
    call.once('error', reject);
    call.write(request);
  });
}

function descriptors(response: ReflectionResponse): FileJson[] {
  expect(response.errorResponse).toBeUndefined();
  const files = response.fileDescriptorResponse?.fileDescriptorProto ?? [];
  return files.map((bytes) => FileDescriptorProto.decode(bytes).toJSON() as FileJson);
}

async function listServices(): Promise<string[]> {
  return ((await reflect({ listServices: '*' })).listServicesResponse?.service ?? []).map((s) => s.name);
}

/**
 * Every file reachable from the listed services, fetched as a client does: the files containing
 * each service, then any import not yet seen by its file name.
 */
async function allServedFiles(): Promise<Map<string, FileJson>> {
  const files = new Map<string, FileJson>();
  const add = (list: FileJson[]): void => list.forEach((f) => files.set(f.name, f));
  for (const service of await listServices()) add(descriptors(await reflect({ fileContainingSymbol: service })));
  for (const symbol of ['google.rpc.Status', 'google.rpc.ErrorInfo'])
    add(descriptors(await reflect({ fileContainingSymbol: symbol })));
  for (let missing = missingImports(files); missing.length > 0; missing = missingImports(files)) {
    for (const name of missing) add(descriptors(await reflect({ fileByFilename: name })));
  }
  return files;
}

function missingImports(files: Map<string, FileJson>): string[] {
  return [...files.values()].flatMap((f) => f.dependency ?? []).filter((d) => !files.has(d));
}

/** Fully qualified names (with the leading dot) of the messages and enums a file declares. */
function declaredTypes(file: FileJson): string[] {
  const prefix = file.package === undefined ? '' : `.${file.package}`;
  const fromMessage = (scope: string, m: MessageJson): string[] => [
    `${scope}.${m.name}`,
    ...(m.enumType ?? []).map((e) => `${scope}.${m.name}.${e.name}`),
    ...(m.nestedType ?? []).flatMap((n) => fromMessage(`${scope}.${m.name}`, n)),
  ];
  return [
    ...(file.enumType ?? []).map((e) => `${prefix}.${e.name}`),
    ...(file.messageType ?? []).flatMap((m) => fromMessage(prefix, m)),
  ];
}

/** Every type name a file refers to (fields of messages at any depth, method inputs and outputs). */
function referencedTypes(file: FileJson): string[] {
  const fromMessage = (m: MessageJson): string[] => [
    ...(m.field ?? []).flatMap((f) => (f.typeName === undefined ? [] : [f.typeName])),
    ...(m.nestedType ?? []).flatMap(fromMessage),
  ];
  return [
    ...(file.messageType ?? []).flatMap(fromMessage),
    ...(file.service ?? []).flatMap((s) => (s.method ?? []).flatMap((m) => [m.inputType, m.outputType])),
  ];
}

beforeAll(async () => {
  flic = await startService(testServiceConfig());
  const definition = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
    includeDirs: [REFLECTION_PROTO_DIR],
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  client = new pkg.grpc.reflection.v1.ServerReflection(`127.0.0.1:${flic.grpcPort}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await flic.stop('test done');
});

describe('server reflection', () => {
  it('lists every service the server serves: flic, health and reflection', async () => {
    expect((await listServices()).sort()).toEqual([
      'flic.v1.Flic',
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
    ]);
  });

  it('serves each file under its protoc name, with its package and complete imports', async () => {
    const files = await allServedFiles();
    expect(
      Object.fromEntries([...files.values()].map((f) => [f.name, { package: f.package, dependency: f.dependency ?? [] }])),
    ).toEqual(EXPECTED_FILES);
  });

  it('declares every type a file uses in that file or in one it imports', async () => {
    const files = await allServedFiles();
    for (const file of files.values()) {
      const visible = new Set(
        [file, ...(file.dependency ?? []).map((d) => files.get(d))].flatMap((f) => (f === undefined ? [] : declaredTypes(f))),
      );
      for (const name of referencedTypes(file)) {
        expect(name.startsWith('.'), `${file.name}: ${name} is fully qualified`).toBe(true);
        expect(visible.has(name), `${file.name}: ${name} is declared in it or an import`).toBe(true);
      }
    }
  });

  it('names map entries as protoc does (HealthListResponse.statuses)', async () => {
    const [health] = descriptors(await reflect({ fileContainingSymbol: 'grpc.health.v1.HealthListResponse' }));
    const list = health?.messageType?.find((m) => m.name === 'HealthListResponse');
    expect(list?.field).toEqual([
      {
        name: 'statuses',
        number: 1,
        label: 'LABEL_REPEATED',
        type: 'TYPE_MESSAGE',
        typeName: '.grpc.health.v1.HealthListResponse.StatusesEntry',
        jsonName: 'statuses',
      },
    ]);
    expect(list?.nestedType?.map((n) => [n.name, n.options?.mapEntry, n.field?.map((f) => f.name)])).toEqual([
      ['StatusesEntry', true, ['key', 'value']],
    ]);
  });

  it("resolves every flic.v1 message and the Flic service's methods to flic/v1/flic.proto, with the .proto field names", async () => {
    const [file] = descriptors(await reflect({ fileContainingSymbol: 'flic.v1.Flic.Enqueue' }));
    expect(file?.name).toBe('flic/v1/flic.proto');
    const enqueue = file?.service?.find((s) => s.name === 'Flic')?.method?.find((m) => m.name === 'Enqueue');
    expect(enqueue).toMatchObject({ inputType: '.flic.v1.EnqueueRequest', outputType: '.flic.v1.EnqueueResponse' });
    const request = file?.messageType?.find((m) => m.name === 'EnqueueRequest');
    expect(request?.field?.map((f) => [f.name, f.number])).toEqual([
      ['vm_id', 1],
      ['irqs', 2],
    ]);
    for (const name of declaredTypes(file ?? { name: '' })) {
      const [first] = descriptors(await reflect({ fileContainingSymbol: name.slice(1) }));
      expect(first?.name, name).toBe('flic/v1/flic.proto');
    }
  });

  it('knows google.rpc.Status and google.rpc.ErrorInfo, so clients can print error details', async () => {
    for (const [symbol, fileName] of [
      ['google.rpc.Status', 'google/rpc/status.proto'],
      ['google.rpc.ErrorInfo', 'google/rpc/error_details.proto'],
    ] as const) {
      const files = descriptors(await reflect({ fileContainingSymbol: symbol }));
      expect(files[0]?.name, symbol).toBe(fileName);
    }
  });

  it('answers NOT_FOUND for an unknown symbol and an unknown file', async () => {
    expect((await reflect({ fileContainingSymbol: 'flic.v1.NoSuchThing' })).errorResponse?.errorCode).toBe(grpc.status.NOT_FOUND);
    expect((await reflect({ fileByFilename: 'flic_v1.proto' })).errorResponse?.errorCode).toBe(grpc.status.NOT_FOUND);
  });
});

const protoc = commandCheck('proto/flic.protoset is current', 'protoc', ['--version'], 'Debian: protobuf-compiler');

describe('proto/flic.protoset', () => {
  it.skipIf(!protoc.run)('is what scripts/gen-protoset.mjs builds from the protos today', () => {
    protoc.assertPresent();
    const dir = mkdtempSync(path.join(tmpdir(), 'flic-protoset-'));
    try {
      const fresh = path.join(dir, 'flic.protoset');
      execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-protoset.mjs'), '--out', fresh], { cwd: root });
      expect(readFileSync(PROTOSET_FILE).equals(readFileSync(fresh)), 'run `npm run gen` and commit proto/flic.protoset').toBe(
        true,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
