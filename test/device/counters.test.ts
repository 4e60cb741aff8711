// addCounters adds every counter FlicCounters has, each into itself.
import { describe, expect, it } from 'vitest';
import { COUNTER_NAMES, addCounters, newCounters } from '../../src/device/counters.js';

describe('addCounters', () => {
  it.each(COUNTER_NAMES.map((k) => [k]))('adds %s', (key) => {
    const into = newCounters();
    const from = newCounters();
    from[key] = 3;
    addCounters(into, from);
    addCounters(into, from);
    expect(into).toEqual({ ...newCounters(), [key]: 6 });
  });
});
