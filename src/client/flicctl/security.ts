// flicctl's options for a server with --tls-cert, --tls-client-ca or --authz-file (docs/security.md):
// the CA to trust, a client certificate and key, the name to verify, and a bearer token read from a
// file or the environment (never from the command line, where `ps` would show it). Files are read
// while the command line is parsed, so a missing one is a usage error (exit 2), before any call.

import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { FlicClientOptions } from '../flicClient.js';

/** The TLS and token options as commander leaves them. */
export interface SecurityOptions {
  readonly tls?: boolean;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly serverName?: string;
  /** The token read from --token-file (the parser reads the file). */
  readonly tokenFile?: string;
}

function fileBytes(value: string): Buffer {
  try {
    return readFileSync(value);
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A token file's first line, without surrounding whitespace. */
function tokenFromFile(value: string): string {
  const token = fileBytes(value).toString('utf8').trim().split('\n', 1)[0]?.trim() ?? '';
  if (token === '') throw new InvalidArgumentError(`${value} holds no token`);
  return token;
}

export const SECURITY_HELP = `
  FLIC_TOKEN  a bearer token for --authz-file servers (or --token-file; never on the command line)`;

export function addSecurityOptions(program: Command): Command {
  return program
    .addOption(new Option('--tls', 'TLS, trusting the system CAs (implied by --ca, --cert and --server-name)'))
    .addOption(new Option('--ca <file>', "PEM CA bundle that issued the server's certificate").env('FLIC_CA').argParser(fileBytes))
    .addOption(new Option('--cert <file>', 'PEM client certificate, for a server with --tls-client-ca').env('FLIC_CLIENT_CERT').argParser(fileBytes))
    .addOption(new Option('--key <file>', 'PEM private key of --cert').env('FLIC_CLIENT_KEY').argParser(fileBytes))
    .addOption(new Option('--server-name <name>', "the name the server's certificate must carry (default: the host of --addr)").env('FLIC_SERVER_NAME'))
    .addOption(new Option('--token-file <file>', 'a file whose first line is a bearer token').env('FLIC_TOKEN_FILE').argParser(tokenFromFile));
}

/** What is wrong with the combination of options, or null. */
export function securityProblem(o: SecurityOptions): string | null {
  return (o.cert === undefined) !== (o.key === undefined) ? '--cert and --key go together' : null;
}

/** FlicClient options from the parsed options and FLIC_TOKEN. */
export function clientSecurity(o: SecurityOptions, env: NodeJS.ProcessEnv = process.env): FlicClientOptions {
  const token = o.tokenFile ?? (env['FLIC_TOKEN'] === undefined || env['FLIC_TOKEN'] === '' ? undefined : env['FLIC_TOKEN']);
  const secure = o.tls === true || o.ca !== undefined || o.cert !== undefined || o.serverName !== undefined;
  return {
    ...(secure ? { tls: { ca: o.ca, cert: o.cert, key: o.key, serverName: o.serverName } } : {}),
    ...(token === undefined ? {} : { token }),
  };
}
