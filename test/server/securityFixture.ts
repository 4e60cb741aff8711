// What the security tests share: real certificates made once per test file (openssl, skipped with a
// message when it is missing), a whole service started with TLS and an authorization file on
// loopback, and clients that present a given certificate or token.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlicClient } from '../../src/client/flicClient.js';
import { startService, type RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { makeTestPki, opensslCheck, type Credential, type TestPki } from '../support/testPki.js';
import { testServiceConfig } from './fixture.js';

/** A directory of its own, removed by cleanup(). */
export function tempDir(prefix: string): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makePki(dir: string): TestPki {
  return makeTestPki(join(dir, 'pki'));
}

/** Writes `text` to `file` in one step (a rename), as the kubelet replaces a volume's files. */
export function writeAtomically(file: string, text: string | Buffer): void {
  const next = `${file}.next`;
  writeFileSync(next, text);
  renameSync(next, file);
}

/** A service with its log lines collected (JSON objects), at info level. */
export interface LoggedService {
  readonly service: RunningService;
  readonly target: string;
  readonly logs: Array<Record<string, unknown>>;
}

export async function startLoggedService(overrides: Partial<ServiceConfig>): Promise<LoggedService> {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('info', {
    write(line: string) {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const service = await startService(testServiceConfig({ reloadIntervalSeconds: 0.1, ...overrides }), { logger });
  return { service, target: `127.0.0.1:${service.grpcPort}`, logs };
}

/** A TLS client of `target` that trusts the test CA and presents `credential` (if any) or `token`. */
export function tlsClient(pki: TestPki, target: string, credential?: Credential, token?: string): FlicClient {
  return new FlicClient(target, {
    tls: { ca: pki.ca, serverName: 'localhost', ...(credential === undefined ? {} : { cert: credential.cert, key: credential.key }) },
    ...(token === undefined ? {} : { token }),
  });
}

/** Resolves once `check` holds, polling every 20 ms (rejects after `ms`). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Real certificates for one test file: made once before its tests (when openssl is missing the
 * tests skip, naming it), removed after them. `pki()` is for use inside tests and hooks.
 */
export function certificatesForFile(testName: string, prefix: string): { readonly run: boolean; readonly dir: string; pki(): TestPki } {
  const openssl = opensslCheck(testName);
  const tmp = tempDir(prefix);
  let made: TestPki | undefined;
  beforeAll(() => {
    if (!openssl.run) return;
    openssl.assertPresent();
    made = makePki(tmp.dir);
  });
  afterAll(() => tmp.cleanup());
  return {
    run: openssl.run,
    dir: tmp.dir,
    pki(): TestPki {
      if (made === undefined) throw new Error('no certificates (openssl missing?)');
      return made;
    },
  };
}

/** The service each test starts and the clients it opens, stopped and closed after each test. */
export function servicePerTest(): {
  start(overrides: Partial<ServiceConfig>): Promise<LoggedService>;
  keep<C extends { close(): void }>(client: C): C;
  readonly current: LoggedService;
} {
  let running: LoggedService | undefined;
  const open: Array<{ close(): void }> = [];
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await running?.service.stop();
    running = undefined;
  });
  return {
    async start(overrides) {
      running = await startLoggedService(overrides);
      return running;
    },
    keep(client) {
      open.push(client);
      return client;
    },
    get current(): LoggedService {
      if (running === undefined) throw new Error('no service started in this test');
      return running;
    },
  };
}
