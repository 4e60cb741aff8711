// Original file: proto/flic/v1/flic.proto

/**
 * How ADAPTER_MODIFY's MAP and UNMAP behave (kernel generations).
 */
export const AdapterMapMode = {
  /**
   * ≈v5.7 to now: MAP and UNMAP do nothing.
   */
  ADAPTER_MAP_MODE_NOOP: 'ADAPTER_MAP_MODE_NOOP',
  /**
   * v3.15–v5.6: pinned maps with a leaking counter.
   */
  ADAPTER_MAP_MODE_LEGACY: 'ADAPTER_MAP_MODE_LEGACY',
  /**
   * The 2026 map/unmap series.
   */
  ADAPTER_MAP_MODE_TRACKED: 'ADAPTER_MAP_MODE_TRACKED',
} as const;

/**
 * How ADAPTER_MODIFY's MAP and UNMAP behave (kernel generations).
 */
export type AdapterMapMode =
  /**
   * ≈v5.7 to now: MAP and UNMAP do nothing.
   */
  | 'ADAPTER_MAP_MODE_NOOP'
  | 0
  /**
   * v3.15–v5.6: pinned maps with a leaking counter.
   */
  | 'ADAPTER_MAP_MODE_LEGACY'
  | 1
  /**
   * The 2026 map/unmap series.
   */
  | 'ADAPTER_MAP_MODE_TRACKED'
  | 2

/**
 * How ADAPTER_MODIFY's MAP and UNMAP behave (kernel generations).
 */
export type AdapterMapMode__Output = typeof AdapterMapMode[keyof typeof AdapterMapMode]
