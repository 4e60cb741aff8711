// Replies wait for the journal (docs/state.md, "What is durable when"). A call's reply (message or
// status, success or failure) is held until every change recorded before it was sent is on disk:
// the call's own changes, and those of other calls whose effects it may have observed. So no
// client ever sees a state that a crash could take back: a mutating call is answered only once its
// change is durable, and a read that saw a not-yet-durable change waits for it too. A reply that
// finds the journal caught up goes out at once.
import { ServerInterceptingCall } from '@grpc/grpc-js';
import type { ServerInterceptingCallInterface, ServerInterceptor, ServerMethodDefinition } from '@grpc/grpc-js';

export interface DurabilitySource {
  /** Changes recorded so far. */
  readonly appended: number;
  /** Changes on disk. */
  readonly durable: number;
  whenDurable(seq: number): Promise<void>;
}

export function durableRepliesInterceptor(journal: DurabilitySource, pathPrefix: string): ServerInterceptor {
  /** null: nothing to wait for. */
  const held = (): Promise<void> | null => {
    const seq = journal.appended;
    return journal.durable >= seq ? null : journal.whenDurable(seq);
  };
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    if (!method.path.startsWith(pathPrefix)) return new ServerInterceptingCall(call);
    return new ServerInterceptingCall(call, {
      // A unary call's status follows its message's write, so holding each keeps their order.
      sendMessage(message, next) {
        const wait = held();
        if (wait === null) next(message);
        else void wait.then(() => next(message));
      },
      sendStatus(status, next) {
        const wait = held();
        if (wait === null) next(status);
        else void wait.then(() => next(status));
      },
    });
  };
}
