// A real flic server on 127.0.0.1:0 with a real client, for the server and client tests.

import { FlicClient } from '../../src/client/flicClient.js';
import { createFlicServer, type FlicServer, type FlicServerOptions } from '../../src/server/server.js';

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
