// The limits the server enforces on its clients, by the names their hits are counted under
// (flic_server_limit_hits_total{limit}): a closed set, so no request can add a label value.

export const LIMIT_NAMES = ['max_connections', 'handshake_timeout', 'too_many_pings', 'send_timeout', 'heavy_call_queue'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export interface LimitObserver {
  limitHit(limit: LimitName): void;
}
