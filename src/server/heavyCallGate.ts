// Admission of heavy calls: at most `maxRunning` at once, up to `maxQueued` more waiting in
// arrival order, and anything past that refused. A call holds its slot from admission until it
// ends (its status is sent, or it is cancelled), so the replies being built or sent at any moment
// are bounded too, not only the CPU spent on them.

/** What the gate hands back for an admitted or queued call. */
export interface GateTicket {
  /** The call ended (or was cancelled while waiting): free its slot or its place in the queue. */
  leave(): void;
}

interface Entry {
  readonly start: () => void;
  state: 'waiting' | 'running' | 'gone';
}

export class HeavyCallGate {
  private runningCount = 0;
  private waitingCount = 0;
  /** Waiting entries in arrival order; entries that left stay until the queue reaches them. */
  private readonly queue: Entry[] = [];
  /** Index of the first entry still in `queue` (a queue without shifting the array on every call). */
  private head = 0;

  constructor(
    readonly maxRunning: number,
    readonly maxQueued: number,
  ) {
    if (!Number.isInteger(maxRunning) || maxRunning < 1) throw new RangeError(`maxRunning must be a positive integer, got ${maxRunning}`);
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new RangeError(`maxQueued must be an integer >= 0, got ${maxQueued}`);
  }

  get running(): number {
    return this.runningCount;
  }

  get queued(): number {
    return this.waitingCount;
  }

  /**
   * Calls `start` now when a slot is free, or later when one frees up; null (and `start` is never
   * called) when the queue is full.
   */
  admit(start: () => void): GateTicket | null {
    let entry: Entry;
    if (this.runningCount < this.maxRunning) {
      this.runningCount++;
      entry = { start, state: 'running' };
      start();
    } else if (this.waitingCount < this.maxQueued) {
      this.waitingCount++;
      entry = { start, state: 'waiting' };
      this.queue.push(entry);
    } else {
      return null;
    }
    return { leave: () => this.leave(entry) };
  }

  private leave(entry: Entry): void {
    if (entry.state === 'waiting') {
      entry.state = 'gone';
      this.waitingCount--;
    } else if (entry.state === 'running') {
      entry.state = 'gone';
      this.release();
    }
  }

  /** A slot frees up: the oldest entry that is still waiting takes it. */
  private release(): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      this.head++;
      if (next.state !== 'waiting') continue;
      next.state = 'running';
      this.waitingCount--;
      this.compact();
      next.start();
      return;
    }
    this.compact();
    this.runningCount--;
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
