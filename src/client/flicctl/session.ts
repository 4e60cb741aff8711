// What every flicctl command shares: where its output goes and in which form, and the FLIC host it
// talks to (a server through FlicClient, or with --embedded the device in this process), made on
// first use and kept for a whole batch.

import type { FlicApi, FlicHost } from '../../device/types.js';
import type { FlicClientOptions } from '../flicClient.js';
import { json } from './format.js';
import { clientSecurity, type SecurityOptions } from './security.js';

export interface FlicctlIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal: tables then, JSON otherwise (unless --json or --table). */
  readonly isTTY?: boolean;
}

/** The program-wide options. */
export interface GlobalOptions extends SecurityOptions {
  readonly addr: string;
  readonly embedded?: boolean;
  readonly json?: boolean;
  readonly table?: boolean;
}

/** What a command prints: `value` as JSON, or `text` for a person. */
export interface Output {
  readonly value: unknown;
  readonly text: string;
}

export const OK: Output = { value: { ok: true }, text: 'ok' };

interface Backend {
  readonly host: FlicHost;
  close(): void;
}

async function openBackend(options: GlobalOptions): Promise<Backend> {
  if (options.embedded === true) {
    const { VmRegistry } = await import('../../device/vmRegistry.js');
    return { host: new VmRegistry(), close: () => undefined };
  }
  const { FlicClient } = await import('../flicClient.js');
  const client = new FlicClient(options.addr, clientSecurity(options));
  return { host: client, close: () => client.close() };
}

export class Session {
  private options: GlobalOptions | undefined;
  private backend: Promise<Backend> | undefined;

  constructor(readonly io: FlicctlIo) {}

  /** Takes the program's options; the first call wins (a batch's lines keep the outer ones). */
  configure(options: GlobalOptions): void {
    this.options ??= options;
  }

  get asJson(): boolean {
    const o = this.options;
    if (o?.json === true) return true;
    if (o?.table === true) return false;
    return this.io.isTTY !== true;
  }

  async host(): Promise<FlicHost> {
    if (this.options === undefined) throw new Error('flicctl: no options yet');
    this.backend ??= openBackend(this.options);
    return (await this.backend).host;
  }

  /** How a command that opens connections of its own (rebalance) reaches a server: TLS and token. */
  clientOptions(): FlicClientOptions {
    if (this.options === undefined) throw new Error('flicctl: no options yet');
    return clientSecurity(this.options);
  }

  async vm(id: string): Promise<FlicApi> {
    return (await this.host()).vm(id);
  }

  print(output: Output): void {
    this.io.out(this.asJson ? json(output.value) : output.text);
  }

  async close(): Promise<void> {
    const backend = this.backend;
    this.backend = undefined;
    if (backend !== undefined) (await backend).close();
  }
}
