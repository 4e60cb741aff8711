// The shapes of the results: every figure is flic's value, the baseline's (when it has one), the
// ratio per round with its median and spread, and the target it is read against.

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface Target {
  /** What the target applies to: the flic/baseline ratio, or flic's own value. */
  readonly basis: 'ratio' | 'value';
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface Figure {
  readonly id: string;
  /** The section: '1 unary', '2 batched', … */
  readonly section: string;
  readonly name: string;
  readonly unit: string;
  /** Median of flic's rounds. */
  readonly flic: number;
  /** Median of the baseline's rounds; null when the figure has no baseline. */
  readonly baseline: number | null;
  /** flic ÷ baseline, per round (interleaved A B A B …). */
  readonly ratio: Spread | null;
  readonly target: Target | null;
  /** null when the figure has no target. */
  readonly met: boolean | null;
  readonly rounds: { readonly flic: readonly number[]; readonly baseline: readonly number[] | null };
  readonly note?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

export function meets(target: Target | null, ratio: Spread | null, value: number): boolean | null {
  if (target === null) return null;
  const x = target.basis === 'ratio' ? ratio?.median : value;
  if (x === undefined || !Number.isFinite(x)) return false;
  return target.op === '>=' ? x >= target.value : x <= target.value;
}

/** A figure from interleaved rounds of flic and the baseline. */
export function compared(
  base: Omit<Figure, 'flic' | 'baseline' | 'ratio' | 'met' | 'rounds'>,
  flicRounds: readonly number[],
  baselineRounds: readonly number[],
): Figure {
  const ratios = flicRounds.map((f, i) => f / baselineRounds[i]!);
  const ratio = spread(ratios);
  const flic = median(flicRounds);
  return {
    ...base,
    flic,
    baseline: median(baselineRounds),
    ratio,
    met: meets(base.target, ratio, flic),
    rounds: { flic: flicRounds, baseline: baselineRounds },
  };
}

/** A figure of flic alone (memory, scrape time). */
export function alone(base: Omit<Figure, 'flic' | 'baseline' | 'ratio' | 'met' | 'rounds'>, rounds: readonly number[]): Figure {
  const flic = median(rounds);
  return { ...base, flic, baseline: null, ratio: null, met: meets(base.target, null, flic), rounds: { flic: rounds, baseline: null } };
}
