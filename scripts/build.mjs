#!/usr/bin/env node
// The product build (`npm run build`): tsc with tsconfig.build.json, then a time stamp. With
// --if-stale (`npm start`'s first step) it builds only when the build is missing or older than
// its sources, so that a start after `npm install` (whose `prepare` built it) takes no compiler
// time. tsc's output goes to stderr: stdout is the server's JSON log stream.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the product build reads (tsconfig.build.json): a change to any of them needs a build. */
const SOURCES = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/**
 * tsconfig.build.json's tsBuildInfoFile. tsc leaves it alone when a build changes nothing (it
 * compares contents, not times), so every build touches it here.
 */
const STAMP = path.join(root, 'dist', '.tsbuildinfo');
const ENTRY = path.join(root, 'dist', 'src', 'server', 'main.js');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

function stale() {
  const built = mtime(ENTRY) === undefined ? undefined : mtime(STAMP);
  return built === undefined || Math.max(...SOURCES.map((s) => newest(path.join(root, s)))) > built;
}

if (!process.argv.includes('--if-stale') || stale()) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const now = new Date();
  utimesSync(STAMP, now, now);
}
