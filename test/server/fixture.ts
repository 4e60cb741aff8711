// A real flic server on 127.0.0.1:0 with a real client, for the server and client tests.

import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_TYPE_FLIC, type RemoteVm, type VmConfig } from '../../src/client/index.js';
import type { FlicConfig } from '../../src/server/config.js';
import { createFlicServer, type FlicServer, type FlicServerOptions } from '../../src/server/server.js';

/** A whole flic (startFlic in app.ts) on ephemeral loopback ports, quiet. */
export function testConfig(overrides: Partial<FlicConfig> = {}): FlicConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    metricsMaxVms: 1000,
    maxVms: 1000,
    logLevel: 'silent',
    shutdownGraceSeconds: 5,
    ...overrides,
  };
}

let vmSeq = 0;

/** A new VM with its FLIC created, on the running server. */
export async function freshVm(running: Running, config: Partial<VmConfig> = {}, prefix = 'vm'): Promise<RemoteVm> {
  const id = `${prefix}-${++vmSeq}`;
  await running.client.createVm(id, config);
  const vm = running.client.vm(id);
  await vm.createDevice(KVM_DEV_TYPE_FLIC);
  return vm;
}

export interface Running {
  readonly flic: FlicServer;
  readonly client: FlicClient;
  /** 127.0.0.1:port */
  readonly target: string;
  close(): Promise<void>;
}

export async function startFlic(options: Omit<FlicServerOptions, 'host' | 'port'> = {}): Promise<Running> {
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
