// Server reflection, through the reflection API itself with a real grpc-js client (as grpcurl
// uses it): list the services, resolve a method's descriptor, and find google.rpc.ErrorInfo so
// that error details can be decoded without proto files.

import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import { testServiceConfig } from './fixture.js';

const require = createRequire(import.meta.url);
const REFLECTION_PROTO_DIR = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
  messageResponse: string;
}

interface DescriptorJson {
  name?: string;
  package?: string;
  messageType?: { name: string; field?: { name: string; number: number; jsonName?: string }[] }[];
  service?: { name: string; method?: { name: string; inputType: string; outputType: string }[] }[];
}

let flic: RunningService;
let client: grpc.Client;

function reflect(request: Record<string, string>): Promise<ReflectionResponse> {
  const Ctor = client as unknown as { serverReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> };
  return new Promise((resolve, reject) => {
    const call = Ctor.serverReflectionInfo();
    call.once('data', (response: ReflectionResponse) => {
      resolve(response);
      call.end();
    });
    call.once('error', reject);
    call.write(request);
  });
}

function descriptors(response: ReflectionResponse): DescriptorJson[] {
  expect(response.errorResponse).toBeUndefined();
  const files = response.fileDescriptorResponse?.fileDescriptorProto ?? [];
  return files.map((bytes) => FileDescriptorProto.decode(bytes).toJSON() as DescriptorJson);
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
  it('lists flic.v1.Flic and the health service', async () => {
    const r = await reflect({ listServices: '*' });
    const names = (r.listServicesResponse?.service ?? []).map((s) => s.name);
    expect(names).toContain('flic.v1.Flic');
    expect(names).toContain('grpc.health.v1.Health');
  });

  it("resolves a method's descriptor, with its request and response messages", async () => {
    const files = descriptors(await reflect({ fileContainingSymbol: 'flic.v1.Flic.Enqueue' }));
    const services = files.flatMap((f) => (f.service ?? []).map((s) => ({ pkg: f.package, ...s })));
    const flicService = services.find((s) => s.pkg === 'flic.v1' && s.name === 'Flic');
    expect(flicService).toBeDefined();
    const enqueue = flicService?.method?.find((m) => m.name === 'Enqueue');
    expect(enqueue).toMatchObject({ inputType: '.flic.v1.EnqueueRequest', outputType: '.flic.v1.EnqueueResponse' });

    const messages = files.filter((f) => f.package === 'flic.v1').flatMap((f) => f.messageType ?? []);
    const request = messages.find((m) => m.name === 'EnqueueRequest');
    // The .proto file's names, as code generators need them.
    expect(request?.field?.map((f) => [f.name, f.number])).toEqual([
      ['vm_id', 1],
      ['irqs', 2],
    ]);
  });

  it('knows google.rpc.Status and google.rpc.ErrorInfo, so clients can print error details', async () => {
    for (const [symbol, message] of [
      ['google.rpc.Status', 'Status'],
      ['google.rpc.ErrorInfo', 'ErrorInfo'],
    ] as const) {
      const files = descriptors(await reflect({ fileContainingSymbol: symbol }));
      const found = files.some((f) => f.package === 'google.rpc' && (f.messageType ?? []).some((m) => m.name === message));
      expect(found, symbol).toBe(true);
    }
  });

  it('answers NOT_FOUND for an unknown symbol', async () => {
    const r = await reflect({ fileContainingSymbol: 'flic.v1.NoSuchThing' });
    expect(r.errorResponse?.errorCode).toBe(grpc.status.NOT_FOUND);
  });
});
