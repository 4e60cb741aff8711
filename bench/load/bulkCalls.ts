// Many small unary calls for setup (creating 100,000 VMs), cheaper than a grpc-js client: raw
// HTTP/2 streams carrying pre-serialized gRPC messages, each checked for grpc-status 0.

import http2 from 'node:http2';
import { VM_ID_KEY } from '../../src/proto/wire.js';

export interface BulkCall {
  readonly path: string;
  readonly vmId: string;
  readonly frame: Buffer;
}

export async function bulkCalls(port: number, calls: readonly BulkCall[], inFlight: number): Promise<void> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  try {
    let next = 0;
    const one = (c: BulkCall): Promise<void> =>
      new Promise((resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': c.path,
          'content-type': 'application/grpc',
          te: 'trailers',
          [VM_ID_KEY]: c.vmId,
        });
        let status: string | undefined;
        let message = '';
        const take = (h: http2.IncomingHttpHeaders): void => {
          const s = h['grpc-status'];
          if (typeof s === 'string') {
            status = s;
            message = String(h['grpc-message'] ?? '');
          }
        };
        stream.on('response', take);
        stream.on('trailers', take);
        stream.on('data', () => undefined);
        stream.on('error', reject);
        stream.on('close', () => {
          if (status === '0') resolve();
          else reject(new Error(`${c.path} (${c.vmId}): grpc-status ${status ?? 'missing'} ${decodeURIComponent(message)}`));
        });
        stream.end(c.frame);
      });
    const worker = async (): Promise<void> => {
      while (next < calls.length) await one(calls[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, calls.length) }, worker));
  } finally {
    session.close();
  }
}
