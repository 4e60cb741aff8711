// Everything one run produced, as written to latest.json.

import type { DeviceFigure } from '../device/deviceBench.js';
import type { BenchSizes } from '../measure/context.js';
import type { ProfiledLoad } from '../measure/profile.js';
import type { SaturationPoint } from '../measure/saturation.js';
import type { Figure } from './figures.js';
import type { Machine } from './machine.js';

export interface DeviceResult extends DeviceFigure {
  readonly met: boolean;
}

export interface BenchResults {
  readonly mode: 'full' | 'quick';
  readonly machine: Machine;
  readonly sizes: BenchSizes;
  readonly durationSeconds: number;
  readonly loadAverageAtEnd: readonly number[];
  readonly figures: readonly Figure[];
  readonly saturation: readonly SaturationPoint[];
  readonly device: readonly DeviceResult[];
  readonly profiles: readonly ProfiledLoad[];
  /** Parts that failed (the run goes on without them); empty on a clean run. */
  readonly failures: readonly string[];
}

export function deviceResults(figures: readonly DeviceFigure[]): DeviceResult[] {
  return figures.map((f) => ({ ...f, met: f.higherIsBetter ? f.value >= f.target : f.value <= f.target }));
}
