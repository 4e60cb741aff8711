// The heavy-call gate on its own: slots, the queue in arrival order, its bound, and leaving at any
// point (while running, while waiting, twice).
import { describe, expect, it } from 'vitest';
import { HeavyCallGate } from '../../src/server/heavyCallGate.js';

describe('HeavyCallGate', () => {
  it('starts up to maxRunning at once, queues up to maxQueued in order, refuses the next', () => {
    const gate = new HeavyCallGate(2, 2);
    const started: number[] = [];
    const tickets = [0, 1, 2, 3].map((i) => gate.admit(() => started.push(i)));
    expect(started).toEqual([0, 1]);
    expect([gate.running, gate.queued]).toEqual([2, 2]);
    expect(gate.admit(() => started.push(99))).toBeNull();
    tickets[1]!.leave();
    expect(started).toEqual([0, 1, 2]);
    tickets[0]!.leave();
    expect(started).toEqual([0, 1, 2, 3]);
    expect([gate.running, gate.queued]).toEqual([2, 0]);
    tickets[2]!.leave();
    tickets[3]!.leave();
    expect([gate.running, gate.queued]).toEqual([0, 0]);
  });

  it('skips a waiter that left, and counts a ticket that leaves twice once', () => {
    const gate = new HeavyCallGate(1, 2);
    const started: string[] = [];
    const a = gate.admit(() => started.push('a'))!;
    const b = gate.admit(() => started.push('b'))!;
    const c = gate.admit(() => started.push('c'))!;
    b.leave();
    expect(gate.queued).toBe(1);
    expect(gate.admit(() => started.push('d'))).not.toBeNull();
    a.leave();
    a.leave();
    expect(started).toEqual(['a', 'c']);
    expect([gate.running, gate.queued]).toEqual([1, 1]);
    c.leave();
    expect(started).toEqual(['a', 'c', 'd']);
  });

  it('refuses at once with no queue, and rejects bounds that are not counts', () => {
    const gate = new HeavyCallGate(1, 0);
    expect(gate.admit(() => undefined)).not.toBeNull();
    expect(gate.admit(() => undefined)).toBeNull();
    expect(() => new HeavyCallGate(0, 1)).toThrow(RangeError);
    expect(() => new HeavyCallGate(1, -1)).toThrow(RangeError);
    expect(() => new HeavyCallGate(1.5, 1)).toThrow(RangeError);
  });

  it('keeps its queue short over many calls', () => {
    const gate = new HeavyCallGate(1, 3);
    let running = gate.admit(() => undefined)!;
    for (let i = 0; i < 10_000; i++) {
      const next = gate.admit(() => undefined)!;
      running.leave();
      running = next;
    }
    expect([gate.running, gate.queued]).toEqual([1, 0]);
  });
});
