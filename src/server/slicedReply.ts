// Runs a reply builder (src/proto/encodedReplies.ts) in slices (slices.ts), so that a reply of a
// whole queue never holds the event loop. A small reply is finished in the first slice and
// returned as it is (no promise, no extra turn of the loop).

import type { EncodedReply, ReplyBuilder } from '../proto/encodedReplies.js';
import { runInSlices, runSlice } from './slices.js';
import { CallCancelled } from './status.js';

/** What a handler can see of its call: whether the client is still waiting. */
export interface CallState {
  readonly cancelled: boolean;
}

export function slicedReply<T>(builder: ReplyBuilder<T>, call: CallState): EncodedReply<T> | Promise<EncodedReply<T>> {
  let reply: EncodedReply<T> | null = null;
  const step = (): boolean => {
    const next = builder.next();
    if (next.done === true) reply = next.value;
    return reply !== null;
  };
  if (runSlice(step)) return reply!;
  return runInSlices(step, () => {
    if (call.cancelled) throw new CallCancelled();
  }).then(() => reply!);
}
