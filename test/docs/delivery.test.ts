// docs/delivery.md is the project's specification of delivery, and its tables state facts the code
// states too: the pending-word bits, the gates' register bits, the PSW slots, the lowcore stores
// of each kind of delivery, the iictl codes and the local bits a request may carry. Each table is
// read here and held against the code (the constants, the gate function, the store builders), and
// every "docs/delivery.md §N" that the code and the delivery vectors cite must name a section the
// page has.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as abi from '../../src/device/abi/index.js';
import { deliverableBits } from '../../src/device/current/currentDelivery.js';
import type { CpuWords } from '../../src/device/delivery/cpuState.js';
import * as lowcore from '../../src/device/delivery/lowcore.js';
import type { LowcoreStore } from '../../src/device/types.js';

const REPO = path.join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');
const DOC = read('docs/delivery.md');

/** Section N of the page: from its "## N." heading to the next "## " heading. */
function section(n: number): string {
  const start = DOC.indexOf(`\n## ${n}. `);
  expect(start, `docs/delivery.md has a section ${n}`).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The rows of the table in `text` whose header cells are `header`, as trimmed cells. */
function tableRows(text: string, header: readonly string[]): string[][] {
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('|') && JSON.stringify(cells(l)) === JSON.stringify(header));
  expect(at, `a table with the header ${header.join(' | ')}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

const unquote = (cell: string): string => cell.replace(/`/g, '');

/** The first `0x…` literal of a cell. */
function hexIn(cell: string): bigint | null {
  const m = /`(0x[0-9A-Fa-f]+)`/.exec(cell);
  return m?.[1] === undefined ? null : BigInt(m[1]);
}

/** Bit numbers named as "(bit 21)", "(bits 15, 16)" or "(bits 11, 12, 18 to 21)". */
function bitsIn(cell: string): number[] {
  const m = /\(bits? ([0-9, to]+)\)/.exec(cell);
  return m?.[1] === undefined ? [] : numberList(m[1]);
}

/** "0, 1, 2, 18 to 21" as the numbers it names. */
function numberList(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const range = /^\s*(\d+) to (\d+)\s*$/.exec(part);
    if (range === null) return [Number(part.trim())];
    const [from, to] = [Number(range[1]), Number(range[2])];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

const maskOf = (bits: readonly number[]): number => bits.reduce((m, b) => (m | (1 << b)) >>> 0, 0);
const has = (mask: number, bit: number): boolean => ((mask >>> bit) & 1) === 1;
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex');

describe('docs/delivery.md §1: the pending word', () => {
  const rows = tableRows(section(1), ['bit', 'name (`IRQ_PEND_…`)', 'source', 'answered as']);
  const named = abi as unknown as Readonly<Record<string, unknown>>;

  it('has one row per bit, named as src/device/abi/delivery.ts numbers it', () => {
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: abi.IRQ_PEND_COUNT }, (_, n) => n));
    for (const [bit, name] of rows.map((r) => [Number(r[0]), unquote(r[1] ?? '')] as const)) {
      const isc = /^IO_ISC_(\d)$/.exec(name);
      const value = isc === null ? named[`IRQ_PEND_${name}`] : abi.iscPendingBit(Number(isc[1]));
      expect(value, name).toBe(bit);
    }
  });

  it('says which bits are local, which floating, and how each is answered', () => {
    const floating = [...abi.FLOATING_IO_BITS, ...abi.FLOATING_EXTERNAL_BITS, ...abi.FLOATING_MCHK_BITS];
    for (const [bitText, name = '', source = '', answer = ''] of rows) {
      const bit = Number(bitText);
      const local = has(abi.LOCAL_PENDING_MASK, bit);
      expect(source.includes('local'), name).toBe(local);
      expect(source.includes('floating'), name).toBe(floating.includes(bit));
      expect(source === 'unused', name).toBe(!local && !floating.includes(bit));
      expect(answer.includes('`IO`'), name).toBe(abi.FLOATING_IO_BITS.includes(bit));
      expect(answer.includes('`EXTERNAL`'), name).toBe(abi.FLOATING_EXTERNAL_BITS.includes(bit));
      expect(answer.includes('`MACHINE_CHECK`'), name).toBe(abi.FLOATING_MCHK_BITS.includes(bit));
      expect(answer.includes('`LOCAL`'), name).toBe(abi.LOCAL_BITS.includes(bit));
    }
  });
});

describe('docs/delivery.md §2: the gates', () => {
  const rows = tableRows(section(2), ['gate', 'register', 'bit value', 'what it enables']);
  /** Every gate open: each row then closes its gate by clearing its bit. */
  const OPEN: CpuWords = {
    cpuId: 0,
    pswHi: abi.PSW_HI_EXT | abi.PSW_HI_IO | abi.PSW_HI_MCHECK,
    cr0: 0xffffffff,
    cr6: abi.CR6_ALL_ISCS,
    cr14Hi: 0xffffffff,
    cr14Lo: 0xffffffff,
    local: 0,
    localCr14Hi: 0xffffffff,
    localCr14Lo: 0xffffffff,
    iictl: 0,
  };
  const FIELD = { 'PSW mask': 'pswHi', CR0: 'cr0' } as const;

  it('each register bit lets through exactly the bits its row names, and its absence holds them back', () => {
    let checked = 0;
    for (const [gate = '', register = '', value = '', enables = ''] of rows) {
      const literal = hexIn(value);
      if (literal === null || !(register in FIELD)) continue;
      const field = FIELD[register as keyof typeof FIELD];
      const v = Number(field === 'pswHi' ? literal >> 32n : literal);
      const bits = maskOf(bitsIn(enables));
      expect(bits, `gate ${gate}: ${enables}`).not.toBe(0);
      const on = deliverableBits(bits, { ...OPEN, [field]: v }, false, 0);
      const off = deliverableBits(bits, { ...OPEN, [field]: (OPEN[field] & ~v) >>> 0 }, false, 0);
      expect(on >>> 0, `gate ${gate} ${register} ${value} on`).toBe(bits);
      expect(off, `gate ${gate} ${register} ${value} off`).toBe(0);
      checked++;
    }
    expect(checked).toBe(8);
  });

  it('CR6 enables ISC n with 0x80000000 >> n, which is pending bit 10 - n', () => {
    const cr6 = rows.find(([, register]) => register === 'CR6');
    expect(cr6?.slice(2)).toEqual(['`0x80000000 >> n`', 'ISC n (bit 10 − n)']);
    const io = maskOf([...abi.FLOATING_IO_BITS]);
    for (let n = 0; n <= abi.MAX_ISC; n++) {
      expect(deliverableBits(io, { ...OPEN, cr6: (0x80000000 >>> n) >>> 0 }, false, 0)).toBe(1 << (10 - n));
    }
  });

  it('numbers its gates 1 to 9, as the vectors cite them', () => {
    expect([...section(2).matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('docs/delivery.md §3: PSW slots and lowcore stores', () => {
  const body = section(3);

  it('gives each class the PSW slots its answers carry', () => {
    const slots: Record<string, lowcore.PswSlots> = { IO: lowcore.IO_PSW, EXTERNAL: lowcore.EXT_PSW, MACHINE_CHECK: lowcore.MCHK_PSW };
    const rows = tableRows(body, ['class', 'old PSW', 'new PSW']);
    expect(rows.map((r) => unquote(r[0] ?? '')).sort()).toEqual(Object.keys(slots).sort());
    for (const [cls = '', oldPsw = '', newPsw = ''] of rows) {
      expect([hexIn(oldPsw), hexIn(newPsw)].map(Number), cls).toEqual([slots[unquote(cls)]?.oldPsw, slots[unquote(cls)]?.newPsw]);
    }
  });

  // Each builder runs with distinct values, so a row's value is checked against the bytes it names.
  const built: Record<string, readonly LowcoreStore[]> = {
    'I/O': lowcore.ioStores(0x11112222, 0x33333333, 0x44444444),
    'SERVICE_EV, SERVICE': lowcore.serviceStores(0x55555555),
    PFAULT_DONE: lowcore.pfaultDoneStores(0x66666666, 0x77777777),
    VIRTIO: lowcore.virtioStores(0x88888888, 0x99999999, 0xaaaaaaaa),
    'machine check': lowcore.mchkStores(0xbbbbbbbb, 0xcccccccc),
    '2013 machine check': lowcore.originalMchkStores(0xbbbbbbbb, 0xcccccccc),
    '2013 PFAULT_INIT': lowcore.pfaultInitStores(0x66666666, 0x77777777),
  };
  const named: Record<string, string> = {
    'subchannel id': '1111',
    'subchannel number': '2222',
    'interruption parameter': '33333333',
    'interruption word': '44444444',
    'the parameter (§3.2, §3.3)': '55555555',
    '`ext_params2` (the token)': '6666666677777777',
    '`ext_params`': '88888888',
    '`ext_params2`': '99999999aaaaaaaa',
    'the merged mcic': 'bbbbbbbbcccccccc',
    "the entry's mcic": 'bbbbbbbbcccccccc',
  };
  const storeRows = tableRows(body, ['taken', 'offset', 'bytes', 'value']);

  it('lists, per kind of delivery, the stores the code makes, in order, with their bytes', () => {
    const kinds = [...new Set(storeRows.map((r) => r[0] ?? ''))];
    expect(kinds).toEqual(Object.keys(built));
    for (const kind of kinds) {
      const rows = storeRows.filter((r) => r[0] === kind);
      const stores = built[kind] ?? [];
      expect(rows.map((r) => [Number(hexIn(r[1] ?? '')), Number(r[2])]), kind).toEqual(stores.map((s) => [s.offset, s.data.length]));
      rows.forEach(([, , bytes = '', value = ''], i) => {
        const literal = hexIn(value);
        const expected =
          value === 'zeros' ? '00'.repeat(Number(bytes)) : literal !== null ? literal.toString(16).padStart(Number(bytes) * 2, '0') : named[value];
        expect(expected, `${kind}: a value the test knows (${value})`).toBeDefined();
        expect(hexOf(stores[i]?.data ?? new Uint8Array()), `${kind} ${value}`).toBe(expected);
      });
    }
  });

  it('names the constant of every lowcore field, and every store writes one whole field', () => {
    const constants = abi as unknown as Readonly<Record<string, unknown>>;
    const fields = new Map<number, number>();
    for (const [offset = '', bytes = '', constant = ''] of tableRows(body, ['offset', 'bytes', 'constant'])) {
      const name = /`(LC_[A-Z0-9_]+)`/.exec(constant)?.[1] ?? '';
      expect(constants[name], name).toBe(Number(hexIn(offset)));
      fields.set(Number(hexIn(offset)), Number(bytes));
    }
    for (const [kind, offset = '', bytes = ''] of storeRows) expect(fields.get(Number(hexIn(offset))), `${kind} ${offset}`).toBe(Number(bytes));
  });

  it('gives the iictl codes of §3.7 as the code numbers them', () => {
    const codes: [RegExp, number][] = [
      [/^no injection/, abi.IICTL_CODE_NONE],
      [/machine check/, abi.IICTL_CODE_MCHK],
      [/external/, abi.IICTL_CODE_EXT],
      [/I\/O/, abi.IICTL_CODE_IO],
      [/restart/, abi.IICTL_CODE_RESTART],
    ];
    const rows = tableRows(body, ['`iictl`', 'meaning']);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: abi.IICTL_CODE_MAX + 1 }, (_, n) => n));
    for (const [code, meaning = ''] of rows) expect(codes.find(([re]) => re.test(meaning))?.[1], meaning).toBe(Number(code));
  });
});

describe('docs/delivery.md §7: the request', () => {
  it('accepts in local_pending exactly the bits the device accepts', () => {
    const row = tableRows(section(7), ['field', 'meaning', 'accepted']).find((r) => r[0] === '`local_pending`');
    const list = /only: ([0-9, to]+)/.exec(row?.[2] ?? '')?.[1] ?? '';
    expect(maskOf(numberList(list))).toBe(abi.LOCAL_PENDING_MASK);
  });
});

describe('citations of docs/delivery.md', () => {
  /** The files under `dir` (relative to the repository) ending in one of `exts`. */
  function files(dir: string, exts: readonly string[]): string[] {
    return readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => exts.some((e) => f.endsWith(e)))
      .map((f) => path.join(dir, f));
  }
  const sources = [...files('src', ['.ts']), ...files('test', ['.ts']), ...files('proto', ['.proto'])];

  /** Every section, subsection and §2 gate of the page, as "3", "3.6", "2.4". */
  function anchors(): Set<string> {
    const out = new Set<string>();
    for (const m of DOC.matchAll(/^## (\d+)\. /gm)) out.add(m[1] ?? '');
    for (const m of DOC.matchAll(/^### (\d+\.\d+) /gm)) out.add(m[1] ?? '');
    for (const m of section(2).matchAll(/^(\d+)\. \*\*/gm)) out.add(`2.${m[1] ?? ''}`);
    return out;
  }

  it('numbers its sections 1 to 7 as the specification it was built from, decisions and metrics after', () => {
    expect([...DOC.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('every section the code and the delivery vectors cite exists', () => {
    const cited = new Set<string>();
    for (const file of sources) {
      const text = read(file);
      for (const m of text.matchAll(/docs\/delivery\.md((?:[\s,;]*§\d+(?:\.\d+)?(?:-§\d+(?:\.\d+)?)?)+)/g)) {
        for (const s of (m[1] ?? '').matchAll(/§(\d+(?:\.\d+)?)/g)) cited.add(s[1] ?? '');
      }
      for (const m of text.matchAll(/§(\d+(?:\.\d+)?) of docs\/delivery\.md/g)) cited.add(m[1] ?? '');
    }
    for (const m of read('test/support/deliveryVectors.ts').matchAll(/[`'"]§(\d+(?:\.\d+)?) /g)) cited.add(m[1] ?? '');
    expect(cited.size).toBeGreaterThan(20);
    const missing = [...cited].filter((c) => !anchors().has(c));
    expect(missing).toEqual([]);
  });

  it('nothing in the repository points to a delivery specification outside it', () => {
    const outside = /flic-delivery(?:\.md)?\b/;
    const self = path.join('test', 'docs', 'delivery.test.ts');
    const docs = ['README.md', ...files('docs', ['.md'])];
    const offenders = [...sources.filter((f) => f !== self), ...docs].filter((f) => outside.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
