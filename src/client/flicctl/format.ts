// flicctl's two output forms. JSON for scripts: 64-bit values as decimal strings, bytes as hex.
// Text for people: aligned tables and key-value lines, with type codes, interruption words, masks
// and addresses in hex.

import { ISC_COUNT, iscMask } from '../../device/abi/index.js';

export function json(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v),
    2,
  );
}

/** 0x-hex, zero-padded to `digits`. */
export function hex(value: number | bigint, digits = 8): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** An 8-bit ISC mask (IPM, simm, nimm) with the ISCs whose MSB0 bit is set. */
export function iscMaskText(mask: number): string {
  const iscs = Array.from({ length: ISC_COUNT }, (_, isc) => isc).filter((isc) => (mask & iscMask(isc)) !== 0);
  return `${hex(mask, 2)}${iscs.length > 0 ? ` (ISC ${iscs.join(',')})` : ''}`;
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Bytes as hex, 16 to a line with the offset in front; `(none)` when empty. */
export function hexDump(bytes: Uint8Array): string {
  if (bytes.length === 0) return '(none)';
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = [...bytes.subarray(offset, offset + 16)].map((b) => b.toString(16).padStart(2, '0'));
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${row.slice(0, 8).join(' ')}  ${row.slice(8).join(' ')}`.trimEnd());
  }
  return lines.join('\n');
}

/** Rows under a header, each column as wide as its widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `key  value` lines with the keys aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** Titled blocks separated by blank lines. */
export function sections(blocks: readonly (readonly [string, string])[]): string {
  return blocks.map(([title, body]) => `${title}\n${indent(body)}`).join('\n\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
