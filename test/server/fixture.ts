// Real flic servers on 127.0.0.1:0 with a real client, for the server and client tests: the bare
// gRPC server (startTestServer) and the configuration of a whole service (startService in app.ts).

import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, type RemoteVm, type VmConfig } from '../../src/client/index.js';
import type { KvmError } from '../../src/device/errno.js';
import { DEFAULT_SERVICE_CONFIG, type ServiceConfig } from '../../src/server/config.js';
import type { RefusalReason, ServerHooks } from '../../src/server/hooks.js';
import { createFlicServer, type FlicServer, type FlicServerOptions } from '../../src/server/server.js';

/** The configuration of a whole service (startService in app.ts) on ephemeral loopback ports, quiet. */
export function testServiceConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    ...DEFAULT_SERVICE_CONFIG,
    host: '127.0.0.1',
    port: 0,
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    maxVms: 1000,
    logLevel: 'silent',
    shutdownGraceSeconds: 5,
    // Tests read /metrics right after the calls they check: no reuse of the last exposition.
    metricsMinIntervalSeconds: 0,
    ...overrides,
  };
}

let vmSeq = 0;

/** A new VM with its FLIC created, on the running server. */
export async function freshVm(server: TestServer, config: Partial<VmConfig> = {}, prefix = 'vm'): Promise<RemoteVm> {
  const id = `${prefix}-${++vmSeq}`;
  await server.client.createVm(id, config);
  const vm = server.client.vm(id);
  await vm.createDevice(KVM_DEV_TYPE_FLIC);
  return vm;
}

/** A bare gRPC server (createFlicServer) and a client connected to it. */
export interface TestServer {
  readonly flic: FlicServer;
  readonly client: FlicClient;
  /** 127.0.0.1:port */
  readonly target: string;
  close(): Promise<void>;
}

export async function startTestServer(options: Omit<FlicServerOptions, 'host' | 'port'> = {}): Promise<TestServer> {
  const flic = await createFlicServer({ ...options, host: '127.0.0.1', port: 0 });
  const target = `127.0.0.1:${flic.port}`;
  const client = new FlicClient(target);
  return {
    flic,
    client,
    target,
    async close() {
      client.close();
      await flic.shutdown();
    },
  };
}

/** ServerHooks that record every report as a line (`start Method`, `finish Method CODE`, …). */
export class RecordingHooks implements ServerHooks {
  readonly events: string[] = [];
  readonly errors: KvmError[] = [];
  readonly seconds: number[] = [];
  private static method(path: string): string {
    return path.slice(path.lastIndexOf('/') + 1);
  }
  callStarted(path: string): void {
    this.events.push(`start ${RecordingHooks.method(path)}`);
  }
  messageReceived(): void {}
  messageSent(): void {}
  callFinished(path: string, code: number, seconds: number): void {
    this.events.push(`finish ${RecordingHooks.method(path)} ${code}`);
    this.seconds.push(seconds);
  }
  requestRefused(path: string, reason: RefusalReason): void {
    this.events.push(`refused ${RecordingHooks.method(path)} ${reason}`);
  }
  unknownMethod(path: string): void {
    this.events.push(`unknown ${path}`);
  }
  deviceError(err: KvmError): void {
    this.errors.push(err);
  }
}
