// Which Flic calls are heavy, and the server interceptor that admits them through the gate
// (heavyCallGate.ts). A call is heavy when it copies a whole queue: GetAllIrqs, Inspect, ExportVm,
// a DeleteVm that compares the VM's state, and the raw GET_ALL_IRQS of a VM with more than
// HEAVY_RECORDS pending records; an ImportVm whose blob holds more than that many records. Building and sending
// such a reply is tens of milliseconds and up to 19 MB; everything else is microseconds and is
// never queued. Admission is decided when the request has been decoded and before the handler
// runs; a call that finds the queue full is refused with RESOURCE_EXHAUSTED through the one error
// path, and its handler never runs.

import { ServerInterceptingCall } from '@grpc/grpc-js';
import type { ServerInterceptingCallInterface, ServerInterceptor, ServerMethodDefinition } from '@grpc/grpc-js';
import { KVM_DEV_FLIC_GET_ALL_IRQS, KVM_S390_IRQ_SIZE } from '../device/abi/index.js';
import type { VmRegistry } from '../device/index.js';
import { FLIC_SERVICE_NAME } from './health.js';
import type { GateTicket, HeavyCallGate } from './heavyCallGate.js';
import { busyStatus } from './status.js';

/** Pending records above which a reply is heavy: one slice of the reply builder. */
export const HEAVY_RECORDS = 4096;

/** What a heavy-call candidate's request holds (every one names its VM; GetDeviceAttr its group). */
interface CandidateRequest {
  readonly vmId?: unknown;
  readonly group?: unknown;
  /** ImportVm's blob. */
  readonly state?: unknown;
  /** DeleteVm's condition (empty: none). */
  readonly expectedStateSha256?: unknown;
}

const path = (method: string): string => `/${FLIC_SERVICE_NAME}/${method}`;
const WHOLE_QUEUE = new Set([path('GetAllIrqs'), path('Inspect'), path('ExportVm')]);
const RAW_GET = path('GetDeviceAttr');
const IMPORT = path('ImportVm');
const DELETE = path('DeleteVm');
/** The methods whose requests are looked at; all others pass the interceptor untouched. */
export const HEAVY_CANDIDATES: ReadonlySet<string> = new Set([...WHOLE_QUEUE, RAW_GET, IMPORT, DELETE]);

function copiesWholeQueue(methodPath: string, r: CandidateRequest): boolean {
  if (WHOLE_QUEUE.has(methodPath)) return true;
  if (methodPath === RAW_GET) return r.group === KVM_DEV_FLIC_GET_ALL_IRQS;
  return methodPath === DELETE && r.expectedStateSha256 instanceof Uint8Array && r.expectedStateSha256.length > 0;
}

/** Whether a decoded request of `methodPath` will build a heavy reply. */
export type HeavyClassifier = (methodPath: string, request: unknown) => boolean;

export function flicHeavyClassifier(vms: VmRegistry): HeavyClassifier {
  return (methodPath, request) => {
    const r = request as CandidateRequest;
    if (methodPath === IMPORT) return r.state instanceof Uint8Array && r.state.length > HEAVY_RECORDS * KVM_S390_IRQ_SIZE;
    if (!copiesWholeQueue(methodPath, r)) return false;
    if (typeof r.vmId !== 'string') return false;
    let total: number;
    try {
      total = vms.get(r.vmId).flic?.depths().total ?? 0;
    } catch {
      // No such VM: the handler answers ENOENT at once.
      return false;
    }
    return total > HEAVY_RECORDS;
  };
}

/** What the interceptor reports about the calls it refuses (for the gRPC metrics). */
export interface HeavyCallObserver {
  refused(methodPath: string): void;
}

export function heavyCallInterceptor(gate: HeavyCallGate, isHeavy: HeavyClassifier, observer?: HeavyCallObserver): ServerInterceptor {
  return (method: ServerMethodDefinition<unknown, unknown>, call: ServerInterceptingCallInterface) => {
    if (!HEAVY_CANDIDATES.has(method.path)) return new ServerInterceptingCall(call);
    let ticket: GateTicket | null = null;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      ticket?.leave();
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          // Holding the message back holds the handler back too: grpc-js delivers the half-close
          // only after the message has been passed on.
          onReceiveMessage: (message, pass) => {
            if (!isHeavy(method.path, message)) {
              pass(message);
              return;
            }
            const admitted = gate.admit(() => pass(message));
            if (admitted === null) {
              observer?.refused(method.path);
              call.sendStatus(busyStatus(gate.maxRunning, gate.maxQueued));
            } else if (ended) {
              // The handler ran and answered within admit() (a synchronous failure).
              admitted.leave();
            } else {
              ticket = admitted;
            }
          },
          onCancel: end,
        }),
      sendStatus: (status, next) => {
        next(status);
        end();
      },
    });
  };
}
