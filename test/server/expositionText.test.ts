// The per-VM exposition writer: numbers in decimal, label values escaped as the text format wants,
// and lines never split across chunks.
import { describe, expect, it } from 'vitest';
import { ExpositionWriter, ascii } from '../../src/server/expositionText.js';

function written(fill: (w: ExpositionWriter) => void): string {
  const w = new ExpositionWriter();
  fill(w);
  return Buffer.concat(w.finish()).toString('latin1');
}

describe('ExpositionWriter', () => {
  it('writes integers as String() does', () => {
    const values = [0, 1, 9, 10, 11, 99, 100, 999, 1000, 87_381, 266_250, 4_294_967_295, Number.MAX_SAFE_INTEGER];
    expect(written((w) => values.forEach((v) => (w.line(), w.uint(v), w.bytes(ascii(' ')))))).toBe(values.map((v) => `${v} `).join(''));
  });

  it('escapes backslash, double quote and newline in label values', () => {
    expect(written((w) => (w.line(), w.labelValue('a"b\\c\nd')))).toBe('a\\"b\\\\c\\nd');
  });

  it('keeps every line whole across chunks', () => {
    const line = ascii(`flic_vm_queue_limit{vm="${'x'.repeat(128)}",queue="io"} `);
    const w = new ExpositionWriter();
    for (let i = 0; i < 5000; i++) {
      w.line();
      w.bytes(line);
      w.uint(i);
      w.bytes(ascii('\n'));
    }
    const chunks = w.finish();
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.toString('latin1').endsWith('\n')).toBe(true);
    const lines = Buffer.concat(chunks).toString('latin1').split('\n');
    expect(lines.length).toBe(5001);
    expect(lines[4999]).toBe(`${line.toString('latin1')}4999`);
  });
});
