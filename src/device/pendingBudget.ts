// The process-wide memory budget for pending interrupts. Pending records live in typed arrays
// outside V8's heap (the original profile's list excepted), so --max-old-space-size cannot bound
// them: every structure that holds pending records charges here the bytes it allocates and
// releases them when it frees them, and every operation that adds records first asks for the room
// that its records could need (CurrentState.requireRoom, OriginalState.requireRoom). An injection
// that does not fit therefore fails with ENOMEM before any of its records is taken.

import { KvmError } from './errno.js';

/** ErrorInfo metadata keys of a refusal by the budget (docs/errors.md). */
export const PENDING_BUDGET_METADATA = {
  budget: 'pendingBudgetBytes',
  used: 'pendingBytesUsed',
  needed: 'pendingBytesNeeded',
} as const;

/** What a VM's queues charge their memory to. */
export interface PendingMemory {
  /** Throws ENOMEM (charging nothing) unless `bytes` more fit in the budget. */
  require(bytes: number, group: string): void;
  /** Takes `bytes` from the budget; throws ENOMEM, charging nothing, when they do not fit. */
  charge(bytes: number, group: string): void;
  release(bytes: number): void;
  /** Gives back everything charged so far (the VM is deleted with its queues). */
  close(): void;
}

/** The bytes of every VM's pending records against one limit. */
export class PendingBudget {
  private used = 0;
  /**
   * False while a restart restores what was acknowledged before it: the records are charged but
   * never refused, since refusing would lose them (the process may then hold more than its limit,
   * and injections fail with ENOMEM until enough is taken).
   */
  enforcing = true;

  constructor(readonly limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 1) {
      throw new RangeError(`the pending-interrupt budget must be a positive integer of bytes, got ${limitBytes}`);
    }
  }

  get usedBytes(): number {
    return this.used;
  }

  require(bytes: number, group: string): void {
    if (bytes > 0 && this.used + bytes > this.limitBytes && this.enforcing) {
      throw new KvmError(
        'ENOMEM',
        group,
        `the process's pending-interrupt budget of ${this.limitBytes} bytes has ${this.limitBytes - this.used} left; ` +
          `this call may need ${bytes}`,
        {
          metadata: {
            [PENDING_BUDGET_METADATA.budget]: String(this.limitBytes),
            [PENDING_BUDGET_METADATA.used]: String(this.used),
            [PENDING_BUDGET_METADATA.needed]: String(bytes),
          },
        },
      );
    }
  }

  charge(bytes: number, group: string): void {
    this.require(bytes, group);
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
  }

  /** The account of one VM: what it holds goes back to the budget when the VM is deleted. */
  account(): PendingAccount {
    return new PendingAccount(this);
  }
}

/** One VM's share of the budget. */
export class PendingAccount implements PendingMemory {
  private held = 0;

  constructor(private readonly budget: PendingBudget) {}

  get heldBytes(): number {
    return this.held;
  }

  require(bytes: number, group: string): void {
    this.budget.require(bytes, group);
  }

  charge(bytes: number, group: string): void {
    this.budget.charge(bytes, group);
    this.held += bytes;
  }

  release(bytes: number): void {
    this.budget.release(bytes);
    this.held -= bytes;
  }

  close(): void {
    this.budget.release(this.held);
    this.held = 0;
  }
}

/** No budget: an in-process registry created without maxPendingBytes does no accounting. */
export const NO_BUDGET: PendingMemory = Object.freeze({
  require: () => undefined,
  charge: () => undefined,
  release: () => undefined,
  close: () => undefined,
});
