// Draining of Flic calls for a graceful stop.
//
// A call is "in flight" from the moment its stream opens, not only while its handler runs: a
// large ENQUEUE may still be uploading when SIGTERM arrives, and a large GET_ALL_IRQS reply may
// still be on the wire after the handler returned. So admission is decided by a server
// interceptor when the stream opens: a call opened before the drain began runs to the end; a
// call opened after it is answered UNAVAILABLE at once, before its request is even read.
// `idle()` resolves when every admitted call has sent its status (or was cancelled).

import { ServerInterceptingCall } from '@grpc/grpc-js';
import type {
  ServerInterceptingCallInterface,
  ServerInterceptor,
  ServerListener,
  ServerMethodDefinition,
} from '@grpc/grpc-js';
import { drainingStatus } from './status.js';

export class Drain {
  private draining = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** Admitted calls that have not ended yet. */
  get active(): number {
    return this.inFlight;
  }

  /** Stop admitting calls. */
  begin(): void {
    this.draining = true;
  }

  /** Resolves once no admitted call is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * The interceptor for the calls whose path starts with `pathPrefix` (other services, such as
   * health, are neither counted nor refused: they must keep answering during the drain). A
   * refusal is counted in the gRPC metrics by the call gate (callGate.ts), as every answer is.
   */
  interceptor(pathPrefix: string): ServerInterceptor {
    return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
      if (!method.path.startsWith(pathPrefix)) return new ServerInterceptingCall(call);
      if (this.draining) return refuse(call);
      this.inFlight++;
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        this.ended();
      };
      const listener: ServerListener = { onCancel: end };
      return new ServerInterceptingCall(call, {
        start: (next) => next(listener),
        sendStatus: (status, next) => {
          next(status);
          end();
        },
      });
    };
  }

  private ended(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}

/**
 * Answers UNAVAILABLE without running the handler or reading the request; the status comes from
 * the server's one error path, google.rpc.Status trailer included.
 */
function refuse(call: ServerInterceptingCallInterface): ServerInterceptingCall {
  return new ServerInterceptingCall(call, {
    start: () => {
      call.sendStatus(drainingStatus());
    },
  });
}
