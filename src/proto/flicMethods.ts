// The RPC names of flic.v1.Flic as a type. The generated FlicDefinition and FlicHandlers inherit
// an index signature from grpc-js, so their `keyof` is every string; this is only the real ones.
import type { FlicDefinition } from '../gen/flic/v1/Flic.js';

export type FlicMethodName = keyof {
  [K in keyof FlicDefinition as string extends K ? never : number extends K ? never : K]: FlicDefinition[K];
};
