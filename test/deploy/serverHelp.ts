// The built server's own --help: the one list of flags that manifests may use.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './manifests.js';

export const SERVER_MAIN = join(REPO, 'dist', 'src', 'server', 'main.js');

export interface ServerHelp {
  readonly text: string;
  /** Every `--flag` the help mentions. */
  readonly flags: ReadonlySet<string>;
}

export function serverHelp(): ServerHelp {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` (npm test builds before vitest)`);
  }
  const run = spawnSync(process.execPath, [SERVER_MAIN, '--help'], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`server --help exited ${run.status}: ${run.stderr}`);
  return { text: run.stdout, flags: new Set(run.stdout.match(/--[a-z][a-z0-9-]*/g) ?? []) };
}

/** FLIC_METRICS_MAX_VMS → --metrics-max-vms (the server reads each flag from FLIC_<FLAG>). */
export function flagOfEnv(name: string): string {
  return `--${name.replace(/^FLIC_/, '').toLowerCase().replace(/_/g, '-')}`;
}
