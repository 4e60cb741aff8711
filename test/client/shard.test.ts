// The shard function against the vectors in docs/sharding-vectors.json (the one source, also read by
// the Python and Go clients' tests), the doc's tables against that file, and the replica-list parsers.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareCandidates,
  parseReplicaList,
  pickReplica,
  rankReplicas,
  rendezvousScore,
  resolveReplicas,
  statefulSetReplicas,
} from '../../src/client/shard.js';

interface Vectors {
  scores: { replica: string; vm: string; score: string }[];
  cases: { replicas: string[]; vm: string; chosen: string; ranking: string[] }[];
}

const repoFile = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const vectors = JSON.parse(readFileSync(repoFile('docs/sharding-vectors.json'), 'utf8')) as Vectors;
const PYTHON_SHARD = repoFile('examples/python/shard.py');
// shard.py runs flic.shard from the package source (standard library only, Python >= 3.9). CI names
// its python3 (FLIC_PYTHON), and there a missing Python fails instead of skipping.
const PYTHON = process.env.FLIC_PYTHON ?? 'python3';
const PYTHON_ENV = {
  ...process.env,
  PYTHONPATH: [repoFile('clients/python/src'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
};
const pythonProbe = spawnSync(
  PYTHON,
  ['-c', 'import sys; print(sys.version.split()[0]); sys.exit(sys.version_info < (3, 9))'],
  { encoding: 'utf8' },
);
const pythonMissing =
  pythonProbe.status === null
    ? `no ${PYTHON} (install python3 or set FLIC_PYTHON)`
    : pythonProbe.status !== 0
      ? `${PYTHON} is Python ${pythonProbe.stdout.trim()}; flic.shard needs 3.9 or later`
      : undefined;
if (pythonMissing !== undefined && process.env.FLIC_PYTHON === undefined) {
  console.warn(`shard (Python part): SKIPPED: ${pythonMissing}`);
}
const hasPython = pythonMissing === undefined || process.env.FLIC_PYTHON !== undefined;

const vmIdArb = fc.stringMatching(/^[!-~]{1,128}$/);
const namesArb = fc.uniqueArray(fc.stringMatching(/^[a-z0-9][-a-z0-9.]{0,20}$/), { minLength: 1, maxLength: 10 });

describe('rendezvous vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.scores.length).toBeGreaterThan(10);
    expect(vectors.cases.length).toBeGreaterThan(10);
  });

  it.each(vectors.scores)('score($replica, $vm) = $score', ({ replica, vm, score }) => {
    expect(rendezvousScore(replica, vm).toString(16).padStart(16, '0')).toBe(score);
  });

  it.each(vectors.cases)('$vm on $replicas -> $chosen', ({ replicas, vm, chosen, ranking }) => {
    expect(pickReplica(replicas, vm)).toBe(chosen);
    expect(rankReplicas(replicas, vm)).toEqual(ranking);
  });

  it('docs/sharding.md shows exactly the vectors of the JSON file', () => {
    const doc = readFileSync(repoFile('docs/sharding.md'), 'utf8');
    const rows = (header: string): string[][] => {
      const lines = doc.split('\n');
      const start = lines.indexOf(header);
      expect(start, `table "${header}" in docs/sharding.md`).toBeGreaterThanOrEqual(0);
      const body: string[][] = [];
      for (const line of lines.slice(start + 2)) {
        if (!line.startsWith('|')) break;
        body.push(line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));
      }
      return body;
    };
    expect(rows('| replica | vm_id | score (hex) |')).toEqual(vectors.scores.map((s) => [s.replica, s.vm, s.score]));
    expect(rows('| replicas | vm_id | chosen |')).toEqual(
      vectors.cases.map((c) => [c.replicas.join(','), c.vm, c.chosen]),
    );
  });
});

describe('rendezvous properties', () => {
  it('ties go to the bytewise-smallest UTF-8 name, not the smallest UTF-16 string', () => {
    const score = 7n;
    expect(compareCandidates({ name: 'flic-a', score }, { name: 'flic-b', score })).toBeLessThan(0);
    expect(compareCandidates({ name: 'flic-b', score: 8n }, { name: 'flic-a', score })).toBeLessThan(0);
    // U+FFFF is EF BF BF in UTF-8 and sorts before U+10000 (F0 90 80 80); as UTF-16 it sorts after.
    expect('\u{10000}' < '\uffff').toBe(true);
    expect(compareCandidates({ name: '\uffff', score }, { name: '\u{10000}', score })).toBeLessThan(0);
  });

  it('does not depend on the order of the replica list', () => {
    fc.assert(
      fc.property(namesArb, vmIdArb, fc.nat(), (names, vm, seed) => {
        const rotated = names.map((_, i) => names[(i + seed) % names.length] as string);
        expect(pickReplica(rotated, vm)).toBe(pickReplica(names, vm));
        expect(rankReplicas(rotated, vm)).toEqual(rankReplicas(names, vm));
      }),
    );
  });

  it('adding a replica moves a VM only onto the added replica', () => {
    fc.assert(
      fc.property(namesArb, vmIdArb, (names, vm) => {
        const [added, ...rest] = names;
        fc.pre(rest.length > 0 && added !== undefined);
        const before = pickReplica(rest, vm);
        expect([before, added]).toContain(pickReplica(names, vm));
      }),
    );
  });

  it('rejects an empty list, duplicate names and names containing the separator', () => {
    expect(() => pickReplica([], 'vm-0')).toThrow(TypeError);
    expect(() => pickReplica(['flic-0', 'flic-0'], 'vm-0')).toThrow(/duplicate/);
    expect(() => pickReplica(['flic-0', 'a\nb'], 'vm-0')).toThrow(/invalid replica name/);
    expect(() => rankReplicas([''], 'vm-0')).toThrow(/invalid replica name/);
  });
});

describe.skipIf(!hasPython)('the Python implementation (flic.shard, through examples/python/shard.py)', () => {
  it('has the Python it needs', () => {
    expect(pythonMissing).toBeUndefined();
  });

  it('passes its own check against the vector file', () => {
    const out = execFileSync(PYTHON, [PYTHON_SHARD, '--check'], { encoding: 'utf8', env: PYTHON_ENV });
    expect(out).toMatch(/^ok: \d+ vectors match /);
  });

  it('routes random VM ids like the TypeScript implementation', () => {
    const replicas = ['flic-0', 'flic-1', 'flic-2', 'flic-3', 'réplica-ü'];
    const vms = fc.sample(vmIdArb.filter((v) => !v.startsWith('-')), { numRuns: 300, seed: 6 });
    const out = execFileSync(PYTHON, [PYTHON_SHARD, '--replicas', replicas.join(','), '--', ...vms], {
      encoding: 'utf8',
      env: PYTHON_ENV,
    });
    const picked = out.trimEnd().split('\n').map((line) => line.split('\t'));
    expect(picked.map(([vm]) => vm)).toEqual(vms);
    expect(picked.map(([, name]) => name)).toEqual(vms.map((vm) => pickReplica(replicas, vm)));
  });
});

describe('replica lists', () => {
  it('parses name=host:port entries from a string or a list', () => {
    const expected = [
      { name: 'flic-0', address: '10.0.0.1:50051' },
      { name: 'flic-1', address: 'flic-1.flic:7000' },
      { name: 'v6', address: '[::1]:50051' },
    ];
    expect(parseReplicaList('flic-0=10.0.0.1:50051, flic-1=flic-1.flic:7000,v6=[::1]:50051')).toEqual(expected);
    expect(parseReplicaList(['flic-0=10.0.0.1:50051', 'flic-1=flic-1.flic:7000', 'v6=[::1]:50051'])).toEqual(
      expected,
    );
  });

  it.each([
    ['', /empty/],
    ['flic-0', /name=host:port/],
    ['flic-0=host', /name=host:port/],
    ['flic-0=host:0', /name=host:port/],
    ['flic-0=host:65536', /name=host:port/],
    ['=host:1', /name=host:port/],
    ['flic-0=::1:50051', /name=host:port/],
    ['flic-0=a:1,flic-0=b:2', /duplicate/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseReplicaList(spec)).toThrow(message);
  });

  it('expands a StatefulSet into pod names and per-pod DNS names', () => {
    expect(statefulSetReplicas({ statefulSet: 'flic', service: 'flic', count: 2 })).toEqual([
      { name: 'flic-0', address: 'flic-0.flic:50051' },
      { name: 'flic-1', address: 'flic-1.flic:50051' },
    ]);
    expect(statefulSetReplicas({ statefulSet: 'flic', service: 'flic-hl', count: 1, port: 7000, namespace: 'farm' })).toEqual([
      { name: 'flic-0', address: 'flic-0.flic-hl.farm.svc:7000' },
    ]);
  });

  it.each([
    [{ statefulSet: 'flic', service: 'flic', count: 0 }, /count/],
    [{ statefulSet: 'flic', service: 'flic', count: 1.5 }, /count/],
    [{ statefulSet: 'flic', service: 'flic', count: 1, port: 0 }, /port/],
    [{ statefulSet: 'Flic', service: 'flic', count: 1 }, /statefulSet must be a DNS label/],
    [{ statefulSet: 'flic', service: 'flic.x', count: 1 }, /service must be a DNS label/],
    [{ statefulSet: 'flic', service: 'flic', count: 1, namespace: '' }, /namespace must be a DNS label/],
  ])('rejects the StatefulSet %j', (target, message) => {
    expect(() => statefulSetReplicas(target)).toThrow(message);
  });

  it('resolves every target form to the same names as the StatefulSet', () => {
    const sts = statefulSetReplicas({ statefulSet: 'flic', service: 'flic', count: 3 });
    const spec = sts.map((r) => `${r.name}=${r.address}`);
    for (const target of [spec.join(','), spec, sts, { statefulSet: 'flic', service: 'flic', count: 3 }]) {
      expect(resolveReplicas(target)).toEqual(sts);
    }
    expect(() => resolveReplicas([])).toThrow(/empty/);
    expect(() => resolveReplicas([{ name: 'a', address: 'x:1' }, { name: 'a', address: 'y:1' }])).toThrow(/duplicate/);
  });
});
