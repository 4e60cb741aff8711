#!/usr/bin/env node
// flicctl: a small command line for a flic server, printing JSON (64-bit values as decimal
// strings, bytes as hex). Device errors print {"error": {...}} on stderr and exit 1.

import { Command, InvalidArgumentError, Option } from 'commander';
import { isEntryPoint } from '../cli/entryPoint.js';
import { KVM_DEV_TYPE_FLIC, KVM_S390_FLIC_MAX_BUFFER, ioType, iscToIntWord, subsystemIdWord } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type { AdapterMapMode, KernelProfile, VmConfig } from '../device/types.js';
import { DEFAULT_PORT } from '../proto/wire.js';
import { FlicClient } from './flicClient.js';

export interface FlicctlIo {
  out(line: string): void;
  err(line: string): void;
}

const DEFAULT_ADDR = `127.0.0.1:${DEFAULT_PORT}`;

function json(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v),
    2,
  );
}

/** Integers in decimal or 0x-hex. */
function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function big(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    throw new InvalidArgumentError('expected an integer');
  }
}

interface CreateVmOptions {
  ais?: boolean;
  gisa?: boolean;
  ucontrol?: boolean;
  protected?: boolean;
  maxVcpus?: number;
  profile?: KernelProfile;
  mapMode?: AdapterMapMode;
}

function vmConfig(o: CreateVmOptions): Partial<VmConfig> {
  return {
    ais: o.ais ?? false,
    gisa: o.gisa ?? false,
    ucontrol: o.ucontrol ?? false,
    protected: o.protected ?? false,
    ...(o.maxVcpus === undefined ? {} : { maxVcpus: o.maxVcpus }),
    ...(o.profile === undefined ? {} : { profile: o.profile }),
    ...(o.mapMode === undefined ? {} : { adapterMapMode: o.mapMode }),
  };
}

export function flicctl(io: FlicctlIo): Command {
  const program = new Command('flicctl')
    .description('Drive a flic server (the s390 KVM FLIC as a gRPC device)')
    .addOption(new Option('--addr <host:port>', 'server address').env('FLIC_ADDR').default(DEFAULT_ADDR))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const withClient =
    <A extends unknown[]>(fn: (client: FlicClient, ...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      const client = new FlicClient(program.opts<{ addr: string }>().addr);
      try {
        const result = await fn(client, ...args);
        io.out(json(result ?? { ok: true }));
      } finally {
        client.close();
      }
    };

  program
    .command('create-vm <id>')
    .description('create a VM (no FLIC yet)')
    .option('--ais', 'AIS facility')
    .option('--gisa', 'the VM has a GISA')
    .option('--ucontrol', 'user-controlled VM')
    .option('--protected', 'protected (Secure Execution) guest')
    .option('--max-vcpus <n>', 'KVM_MAX_VCPUS (1..255)', int)
    .addOption(new Option('--profile <profile>', 'kernel profile').choices(['current', 'original']))
    .addOption(new Option('--map-mode <mode>', 'adapter MAP/UNMAP generation').choices(['noop', 'legacy', 'tracked']))
    .action(withClient((c, id: string, o: CreateVmOptions) => c.createVm(id, vmConfig(o))));

  program.command('delete-vm <id>').action(withClient((c, id: string) => c.deleteVm(id)));
  program.command('list-vms').action(withClient(async (c) => ({ vmIds: await c.listVms() })));

  program
    .command('create-device <id>')
    .description('KVM_CREATE_DEVICE (type 6 = FLIC)')
    .option('--type <n>', 'device type', int, KVM_DEV_TYPE_FLIC)
    .option('--test', 'KVM_CREATE_DEVICE_TEST: only ask whether the type exists')
    .action(
      withClient(async (c, id: string, o: { type: number; test?: boolean }) => ({
        created: await c.vm(id).createDevice(o.type, o.test === true ? 1 : 0),
      })),
    );

  program
    .command('enqueue-io <id>')
    .description('ENQUEUE one I/O interrupt')
    .requiredOption('--schid <n>', 'subchannel number (0..65535)', int)
    .requiredOption('--isc <n>', 'interruption subclass (0..7)', int)
    .option('--cssid <n>', 'channel subsystem id', int, 0xfe)
    .option('--ssid <n>', 'subchannel set id', int, 0)
    .option('--parm <n>', 'io_int_parm', int, 0)
    .action(
      withClient((c, id: string, o: { schid: number; isc: number; cssid: number; ssid: number; parm: number }) =>
        c.vm(id).enqueue([
          {
            kind: 'io',
            type: ioType(o.cssid, o.ssid, o.schid),
            subchannelId: subsystemIdWord(o.cssid, o.ssid),
            subchannelNr: o.schid,
            ioIntParm: o.parm,
            ioIntWord: iscToIntWord(o.isc),
          },
        ]),
      ),
    );

  program
    .command('get-all <id>')
    .description('GET_ALL_IRQS')
    .option('--buffer-len <bytes>', 'buffer length in bytes', big, BigInt(KVM_S390_FLIC_MAX_BUFFER))
    .action(withClient(async (c, id: string, o: { bufferLen: bigint }) => ({ irqs: await c.vm(id).getAllIrqs(o.bufferLen) })));

  program.command('inspect <id>').action(withClient((c, id: string) => c.vm(id).inspect()));
  program.command('clear <id>').description('CLEAR_IRQS').action(withClient((c, id: string) => c.vm(id).clearIrqs()));
  return program;
}

/** Runs one command line; resolves to the exit code. */
export async function runFlicctl(argv: readonly string[], io: FlicctlIo): Promise<number> {
  try {
    await flicctl(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof KvmError) {
      const { errno, errnoName, group, message, metadata } = err;
      io.err(json({ error: { errno, errnoName, group, message, metadata } }));
    } else if (err instanceof Error && 'exitCode' in err && typeof err.exitCode === 'number') {
      return err.exitCode; // commander has printed its usage or help text
    } else {
      io.err(json({ error: { message: err instanceof Error ? err.message : String(err) } }));
    }
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  const io: FlicctlIo = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
  process.exitCode = await runFlicctl(process.argv.slice(2), io);
}
