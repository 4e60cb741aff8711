// The errno → gRPC code table is stated for people in docs/errors.md and in the header of
// flic.proto (which travels alone to other languages' clients); both must say exactly what the
// code's table says, and the README must point to the docs instead of keeping a copy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ERRNO, type ErrnoName } from '../../src/device/errno.js';
import { ERRNO_STATUS } from '../../src/proto/errnoCodes.js';

const REPO = path.join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');

/** The code's table as errno name → status name (INVALID_ARGUMENT, …). */
function codeTable(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(ERRNO) as ErrnoName[]) out[name] = status[ERRNO_STATUS[name]];
  return out;
}

/** Rows `| EINVAL, EFAULT | INVALID_ARGUMENT |` of a markdown table, as errno → status name. */
function markdownErrnoRows(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*\|\s*(E[A-Z]+(?:,\s*E[A-Z]+)*)\s*\|\s*([A-Z_]+)\s*\|\s*$/gm)) {
    for (const errno of (m[1] ?? '').split(/,\s*/)) out[errno] = m[2] ?? '';
  }
  return out;
}

/** `EINVAL, EFAULT → INVALID_ARGUMENT;` segments of the proto's leading comment. */
function protoHeaderRows(proto: string): Record<string, string> {
  const header = proto
    .split('\n')
    .filter((line, i, lines) => line.startsWith('//') && lines.slice(0, i).every((l) => l.startsWith('//') || l.trim() === ''))
    .map((line) => line.replace(/^\/\/\s?/, ''))
    .join(' ');
  const start = header.indexOf('Status codes:');
  expect(start, 'flic.proto header: "Status codes:"').toBeGreaterThanOrEqual(0);
  const sentence = header.slice(start + 'Status codes:'.length, header.indexOf('.', start));
  const out: Record<string, string> = {};
  for (const part of sentence.split(';')) {
    const m = /^\s*(E[A-Z]+(?:,\s*E[A-Z]+)*)\s*→\s*([A-Z_]+)\s*$/.exec(part);
    if (m === null) continue;
    for (const errno of (m[1] ?? '').split(/,\s*/)) out[errno] = m[2] ?? '';
  }
  return out;
}

describe('the errno → gRPC code table, stated for people', () => {
  it('docs/errors.md says what the code says', () => {
    const doc = read('docs/errors.md');
    expect(markdownErrnoRows(doc)).toEqual(codeTable());
    expect(doc).toMatch(/^\s*\|\s*\(not from the device\)\s*\|\s*INTERNAL\s*\|\s*$/m);
  });

  it('the header of flic.proto says what the code says', () => {
    const proto = read('proto/flic/v1/flic.proto');
    expect(protoHeaderRows(proto)).toEqual(codeTable());
    expect(proto).toMatch(/anything not from\s*\n?\/\/\s*the device → INTERNAL/);
  });

  it('the README points to docs/errors.md and keeps no copy', () => {
    const readme = read('README.md');
    expect(readme).toContain('(docs/errors.md)');
    expect(markdownErrnoRows(readme)).toEqual({});
  });

  it('the parsers read a table that disagrees as disagreeing', () => {
    expect(markdownErrnoRows('| EINVAL, EFAULT | NOT_FOUND |\n| ENOENT | NOT_FOUND |')).toEqual({
      EINVAL: 'NOT_FOUND',
      EFAULT: 'NOT_FOUND',
      ENOENT: 'NOT_FOUND',
    });
    expect(protoHeaderRows('// x\n// Status codes: EINVAL → NOT_FOUND; EPERM, EACCES →\n// INTERNAL. More.\nsyntax = "proto3";')).toEqual({
      EINVAL: 'NOT_FOUND',
      EPERM: 'INTERNAL',
      EACCES: 'INTERNAL',
    });
  });
});
