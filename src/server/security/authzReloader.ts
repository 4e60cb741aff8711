// The authorization file while the server runs: read at start (a bad file stops the start), then
// read again every --reload-interval. Changed content that parses replaces the rules for calls
// from then on; content that does not parse is logged as an error and the rules in force stay.
// Polling the content, rather than watching the file, also follows a Kubernetes ConfigMap or
// Secret volume, whose files are replaced by swapping a symlink.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { AuthzFileError, parseAuthzFile } from './authzFile.js';
import type { AuthzPolicy } from './authzPolicy.js';
import { StartFileError, readStartFile } from './tlsFiles.js';

function digest(text: Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What the start log and the reload log say about a set of rules. */
export function describePolicy(policy: AuthzPolicy): Record<string, unknown> {
  return {
    principals: policy.principals.length,
    admins: policy.principals.filter((p) => p.admin).map((p) => p.name),
    unauthenticated: [...policy.publicServices],
  };
}

/** Reads and checks the file at start; throws StartFileError naming `flag`. */
export function loadAuthzFile(path: string, flag: string): { readonly policy: AuthzPolicy; readonly digest: string } {
  const bytes = readStartFile(path, flag);
  try {
    return { policy: parseAuthzFile(bytes.toString('utf8')), digest: digest(bytes) };
  } catch (err) {
    if (err instanceof AuthzFileError) throw new StartFileError(flag, `${path}: ${err.message}`);
    throw err;
  }
}

export class AuthzReloader {
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  /** The last content that was read, good or bad: each bad version is logged once. */
  private seen: string;

  constructor(
    private readonly path: string,
    loadedDigest: string,
    private readonly apply: (policy: AuthzPolicy) => void,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.seen = loadedDigest;
  }

  start(): void {
    // unref: the gRPC server keeps the process alive, not this timer.
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One read (the timer's step; tests may call it). */
  async check(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      let bytes: Buffer;
      try {
        bytes = await readFile(this.path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        if (this.seen !== code) this.logger.error({ file: this.path, code }, 'authz file unreadable; the rules in force stay');
        this.seen = code;
        return;
      }
      const d = digest(bytes);
      if (d === this.seen) return;
      this.seen = d;
      let policy: AuthzPolicy;
      try {
        policy = parseAuthzFile(bytes.toString('utf8'));
      } catch (err) {
        if (!(err instanceof AuthzFileError)) throw err;
        this.logger.error({ file: this.path, error: err.message }, 'authz file invalid; the rules in force stay');
        return;
      }
      this.apply(policy);
      this.logger.info({ file: this.path, ...describePolicy(policy) }, 'authz file reloaded');
    } finally {
      this.reading = false;
    }
  }
}
