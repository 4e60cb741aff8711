// The two floating interrupts that are not queues but merge into one pending record:
// the service signal (spec §4.3) and the floating machine check (spec §4.4).
import { SERVICE_EVENT_PENDING_MASK, SERVICE_SCCB_MASK } from './abi.js';

export class ServiceSignal {
  word = 0;
  sccbPending = false;
  eventPending = false;

  get pending(): boolean {
    return this.sccbPending || this.eventPending;
  }

  /** Merge one SERVICE injection. Returns whether a service record was already pending. */
  inject(params: number): boolean {
    const wasPending = this.pending;
    this.word = (this.word | (params & SERVICE_EVENT_PENDING_MASK)) >>> 0;
    if ((this.word & SERVICE_EVENT_PENDING_MASK) !== 0) this.eventPending = true;
    // The first SCCB address wins until the signal is delivered or cleared.
    if ((this.word & SERVICE_SCCB_MASK) === 0) {
      this.word = (this.word | (params & SERVICE_SCCB_MASK)) >>> 0;
      this.sccbPending = true;
    }
    return wasPending;
  }

  clear(): void {
    this.word = 0;
    this.sccbPending = false;
    this.eventPending = false;
  }
}

export class MachineCheck {
  pending = false;
  /** Low half of cr14: only the channel-report-pending bit survives the merge. */
  cr14Lo = 0;
  mcicHi = 0;
  mcicLo = 0;

  /** Merge one MCHK injection (cr14 already reduced to its kept bit). Returns whether one was pending. */
  inject(cr14Kept: number, mcicHi: number, mcicLo: number): boolean {
    const wasPending = this.pending;
    this.cr14Lo = (this.cr14Lo | cr14Kept) >>> 0;
    this.mcicHi = (this.mcicHi | mcicHi) >>> 0;
    this.mcicLo = (this.mcicLo | mcicLo) >>> 0;
    this.pending = true;
    return wasPending;
  }

  clear(): void {
    this.pending = false;
    this.cr14Lo = 0;
    this.mcicHi = 0;
    this.mcicLo = 0;
  }
}
