// The modules of src/ import one another without cycles, and the layers point one way
// (design.md §1): the device imports nothing outside itself; proto, client and server do not
// import each other except as the arrows below allow.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, importSpecifiers, type ImportGraph } from './importGraph.js';

const SRC = path.join(import.meta.dirname, '../../src');

describe('the import scanner', () => {
  it('reads imports, type imports, side-effect imports and re-exports, and skips comments', () => {
    const text = [
      "import { a } from './a.js';",
      "import type {\n  B,\n  C,\n} from '../b.js';",
      "import './side.js';",
      "export * from './all.js';",
      "export { d, type E } from './d.js';",
      "// import { no } from './comment.js';",
      "/* import { no } from './block.js'; */",
      "const s = 'from here';",
      "import * as grpc from '@grpc/grpc-js';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './side.js', './all.js', './d.js', '@grpc/grpc-js']);
  });

  it('finds a cycle, a longer one and a self-import, and nothing in a tree', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts']],
      ['f.ts', ['f.ts']],
      ['g.ts', ['a.ts']],
    ]);
    expect(importCycles(graph).sort()).toEqual([['a.ts', 'b.ts'], ['c.ts', 'd.ts', 'e.ts'], ['f.ts']]);
    expect(importCycles(new Map([['x.ts', ['y.ts']], ['y.ts', []]]))).toEqual([]);
  });
});

describe('src/', () => {
  const graph = importGraph(SRC);

  it('has modules to check', () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get('device/vm.ts')).toContain('device/current/currentFlic.ts');
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  // Which top-level folders each folder may import (gen/ is generated types; cli/ is process glue).
  const allowed: Readonly<Record<string, readonly string[]>> = {
    device: ['device'],
    gen: ['gen'],
    proto: ['proto', 'device', 'gen'],
    client: ['client', 'proto', 'device', 'gen', 'cli'],
    server: ['server', 'proto', 'device', 'gen', 'cli'],
    cli: ['cli'],
  };
  it('points its layers one way', () => {
    const wrong: string[] = [];
    for (const [from, targets] of graph) {
      const layer = from.split('/')[0] ?? '';
      for (const to of targets) {
        const target = to.split('/')[0] ?? '';
        if (!(allowed[layer] ?? []).includes(target)) wrong.push(`${from} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
