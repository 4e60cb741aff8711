// Reads the Dockerfile into stages of instructions, enough for the tests to check the image and to
// rebuild the runtime stage's file tree without a Docker engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './manifests.js';

export const DOCKERFILE = join(REPO, 'Dockerfile');
export const DOCKERIGNORE = join(REPO, '.dockerignore');

export interface Instruction {
  readonly op: string;
  /** `--name=value` options before the arguments (COPY --from, RUN --mount). */
  readonly flags: Readonly<Record<string, string>>;
  /** The rest of the line, continuations joined. */
  readonly args: string;
}

export interface Stage {
  /** The base image, with the global ARGs (those before the first FROM) substituted. */
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string = readFileSync(DOCKERFILE, 'utf8')): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const stages: { from: string; name: string | undefined; instructions: Instruction[] }[] = [];
  const globalArgs: Record<string, string> = {};
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    const op = (m[1] as string).toUpperCase();
    let rest = m[2] as string;
    const flags: Record<string, string> = {};
    for (let f = /^--([a-z-]+)=(\S+)\s+/.exec(rest); f !== null; f = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
      flags[f[1] as string] = f[2] as string;
      rest = rest.slice(f[0].length);
    }
    if (op === 'ARG' && stages.length === 0) {
      const arg = /^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$/.exec(rest);
      if (arg === null) throw new Error(`Dockerfile: a global ARG needs a default (${rest})`);
      globalArgs[arg[1] as string] = arg[2] as string;
    } else if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (from === null) throw new Error(`Dockerfile: bad FROM ${rest}`);
      const image = (from[1] as string).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
        const value = globalArgs[name];
        if (value === undefined) throw new Error(`Dockerfile: FROM uses \${${name}}, which no global ARG defines`);
        return value;
      });
      stages.push({ from: image, name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`Dockerfile: ${op} before FROM`);
      stage.instructions.push({ op, flags, args: rest });
    }
  }
  return stages;
}

/** The Node.js version the image runs (the Dockerfile's global `ARG NODE_VERSION`). */
export function imageNodeVersion(text: string = readFileSync(DOCKERFILE, 'utf8')): string {
  const m = /^ARG NODE_VERSION=(\d+\.\d+\.\d+)\s*$/m.exec(text);
  if (m === null) throw new Error('Dockerfile: no `ARG NODE_VERSION=x.y.z` before the first FROM');
  return m[1] as string;
}

export function only(stage: Stage, op: string): Instruction {
  const found = stage.instructions.filter((i) => i.op === op);
  if (found.length !== 1) throw new Error(`Dockerfile stage ${stage.name}: expected one ${op}, found ${found.length}`);
  return found[0] as Instruction;
}

/** The numeric uid of the runtime stage's USER (`1000` or `1000:1000`). */
export function runtimeUid(stages: readonly Stage[]): number {
  const user = only(stages.at(-1) as Stage, 'USER').args;
  const uid = /^(\d+)(?::\d+)?$/.exec(user);
  if (uid === null) throw new Error(`Dockerfile USER ${user} is not numeric`);
  return Number(uid[1]);
}

/** Patterns of .dockerignore as regular expressions over context-relative paths. */
export function dockerignore(text: string = readFileSync(DOCKERIGNORE, 'utf8')): RegExp[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((p) => {
      if (p.startsWith('!')) throw new Error('.dockerignore exceptions (!) are not understood by the tests');
      const body = p
        .replace(/^\/+|\/+$/g, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*\*/g, '\u0001')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '(?:.*/)?')
        .replace(/\u0001/g, '.*');
      return new RegExp(`^${body}(/.*)?$`);
    });
}
