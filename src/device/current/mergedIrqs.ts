// The two floating interrupts that are not queues but merge into one pending record:
// the service signal (spec §4.3; delivered as docs/delivery.md §3.2-§3.3 says) and the floating
// machine check (spec §4.4, docs/delivery.md §3.6).
import { SERVICE_EVENT_PENDING_MASK, SERVICE_SCCB_MASK } from '../abi/index.js';

export class ServiceSignal {
  private params = 0;
  private sccb = false;
  private event = false;

  /** The merged ext_params: the first SCCB address and the event-pending bits. */
  get word(): number {
    return this.params;
  }

  get sccbPending(): boolean {
    return this.sccb;
  }

  get eventPending(): boolean {
    return this.event;
  }

  get pending(): boolean {
    return this.sccb || this.event;
  }

  /** Merge one SERVICE injection. Returns whether a service record was already pending. */
  inject(params: number): boolean {
    const wasPending = this.pending;
    this.params = (this.params | (params & SERVICE_EVENT_PENDING_MASK)) >>> 0;
    if ((this.params & SERVICE_EVENT_PENDING_MASK) !== 0) this.event = true;
    // The first SCCB address wins until the signal is delivered or cleared.
    if ((this.params & SERVICE_SCCB_MASK) === 0) {
      this.params = (this.params | (params & SERVICE_SCCB_MASK)) >>> 0;
      this.sccb = true;
    }
    return wasPending;
  }

  /** SERVICE_EV delivery: the event bits leave the word (returned); SERVICE stays as it was. */
  takeEvents(): number {
    const events = this.params & SERVICE_EVENT_PENDING_MASK;
    this.params = (this.params & ~SERVICE_EVENT_PENDING_MASK) >>> 0;
    this.event = false;
    return events;
  }

  /** SERVICE delivery: the whole word leaves (returned) and neither flag stays pending. */
  take(): number {
    const word = this.params;
    this.clear();
    return word;
  }

  /** The PV SCLP-notification intercept: OR `params` into the word and mark SERVICE pending. */
  notify(params: number): void {
    this.params = (this.params | params) >>> 0;
    this.sccb = true;
  }

  clear(): void {
    this.params = 0;
    this.sccb = false;
    this.event = false;
  }

  /** A captured signal back (a snapshot's; checked for what the merge rules can produce). */
  restore(word: number, sccbPending: boolean, eventPending: boolean): void {
    this.params = word >>> 0;
    this.sccb = sccbPending;
    this.event = eventPending;
  }
}

export class MachineCheck {
  private isPending = false;
  private cr14 = 0;
  private mcicHigh = 0;
  private mcicLow = 0;

  get pending(): boolean {
    return this.isPending;
  }

  /** Low half of cr14: only the channel-report-pending bit survives the merge. */
  get cr14Lo(): number {
    return this.cr14;
  }

  get mcicHi(): number {
    return this.mcicHigh;
  }

  get mcicLo(): number {
    return this.mcicLow;
  }

  /** Merge one MCHK injection (cr14 already reduced to its kept bit). Returns whether one was pending. */
  inject(cr14Kept: number, mcicHi: number, mcicLo: number): boolean {
    const wasPending = this.isPending;
    this.cr14 = (this.cr14 | cr14Kept) >>> 0;
    this.mcicHigh = (this.mcicHigh | mcicHi) >>> 0;
    this.mcicLow = (this.mcicLow | mcicLo) >>> 0;
    this.isPending = true;
    return wasPending;
  }

  clear(): void {
    this.isPending = false;
    this.cr14 = 0;
    this.mcicHigh = 0;
    this.mcicLow = 0;
  }
}
