// The device knows nothing of its transport (style.md): no gRPC, metrics, logging, network,
// file system or clock in src/device.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/device');
const FORBIDDEN_IMPORTS = [/@grpc\//, /prom-client/, /pino/, /node:(net|http|http2|https|fs|dgram|child_process|worker_threads|timers)/, /^(net|http|fs)$/];
const FORBIDDEN_CALLS = [/\bDate\.now\(/, /\bnew Date\(/, /\bperformance\./, /\bprocess\.hrtime/, /\bsetTimeout\(/, /\bsetInterval\(/, /\bnew Error\(/];

describe('src/device purity', () => {
  // Every module of the device, in its sub-folders too (abi/, current/, original/).
  const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  it('has files to check', () => expect(files.length).toBeGreaterThan(5));
  for (const file of files) {
    it(`${file} imports no transport and reads no clock`, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(FORBIDDEN_IMPORTS.some((re) => re.test(spec)), `${file} imports ${spec}`).toBe(false);
        expect(spec.startsWith('./') || spec.startsWith('node:') === false, `${file} imports ${spec}`).toBe(true);
      }
      for (const re of FORBIDDEN_CALLS) expect(re.test(text), `${file} uses ${re}`).toBe(false);
    });
  }
});
