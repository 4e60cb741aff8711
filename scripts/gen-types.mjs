#!/usr/bin/env node
// Regenerates src/gen/ (TypeScript types of flic.proto) with proto-loader-gen-types, using the
// proto-loader options of src/proto/loader.ts so that types and runtime objects always agree.
// `npm run gen` writes src/gen/; `node scripts/gen-types.mjs --out DIR` writes elsewhere (the
// no-diff test uses that).
//
// loader.ts is TypeScript and must not need a build to be read (the build itself needs src/gen/),
// so it is transpiled on the fly into node_modules/.cache, where its imports still resolve.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outDir = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'src', 'gen');

async function loadLoaderModule() {
  const source = readFileSync(path.join(root, 'src', 'proto', 'loader.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  const cacheDir = path.join(root, 'node_modules', '.cache', 'flic-gen');
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `loader-${process.pid}.mjs`);
  writeFileSync(file, outputText);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

const loader = await loadLoaderModule();
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@grpc/proto-loader/package.json')), 'build', 'bin', 'proto-loader-gen-types.js');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
execFileSync(
  process.execPath,
  [
    cli,
    ...loader.genTypesFlags(root),
    '--grpcLib=@grpc/grpc-js',
    '--includeComments',
    '--importFileExtension=.js',
    `--outDir=${outDir}`,
    loader.FLIC_PROTO_FILE,
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
