// VM state (docs/state.md): ExportVm and ImportVm to and from files, and the rebalance of a farm
// whose replica list changes.

import { readFile, writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { StateFormat } from '../../../device/types.js';
import { rebalance, type MoveEvent, type RebalanceSummary } from '../../rebalance.js';
import { uintIn } from '../args.js';
import { CommandExit, action, vmCommand, type CommandModule } from '../command.js';
import { fields, json, table } from '../format.js';
import type { Session } from '../session.js';

const formatOption = (): Option => new Option('--format <format>', 'state format (default flic)').choices(['flic', 'qemu']);

interface RebalanceCommandOptions {
  from: string;
  to: string;
  concurrency?: number;
  attempts?: number;
  dryRun?: boolean;
  spoolDir: string;
}

/** Where VMs moved fenced wait between their delete and their import (relative to the working directory). */
const DEFAULT_SPOOL_DIR = 'flic-rebalance-spool';

function progressLine(e: MoveEvent): string {
  const where = `${e.vmId} ${e.from} → ${e.to}`;
  const copies = e.attempts > 1 ? ` (${e.attempts} copies)` : '';
  return `[${e.done}/${e.total}] ${e.outcome} ${where}${copies}${e.error === undefined ? '' : `: ${e.error}`}`;
}

function summaryText(s: RebalanceSummary): string {
  const lines = fields([
    ['VMs', String(s.vms)],
    ['stayed', String(s.stayed)],
    ['moved', String(s.moved)],
    ['resumed', String(s.resumed)],
    ['gone', String(s.gone)],
    ...(s.planned > 0 ? ([['would move', String(s.planned)]] as const) : []),
    ['failed', String(s.failed.length)],
  ]);
  if (s.failed.length === 0) return lines;
  return `${lines}\n${table(['VM', 'FROM', 'TO', 'ERROR'], s.failed.map((f) => [f.vmId, f.from, f.to, f.error ?? '']))}`;
}

async function runRebalance(session: Session, o: RebalanceCommandOptions): Promise<void> {
  const summary = await rebalance({
    // The program's --tls, --ca, --cert, --key, --server-name and token, for every replica.
    ...session.clientOptions(),
    from: o.from,
    to: o.to,
    ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
    ...(o.attempts === undefined ? {} : { attempts: o.attempts }),
    dryRun: o.dryRun === true,
    spoolDir: o.spoolDir,
    // One line per VM as it finishes: JSON lines for scripts, text for people.
    onProgress: (e) => session.io.err(session.asJson ? JSON.stringify({ progress: e }) : progressLine(e)),
  });
  session.print({ value: summary, text: summaryText(summary) });
  if (summary.failed.length > 0) throw new CommandExit(1);
}

export const stateCommands: CommandModule = (program, session) => {
  vmCommand(program, 'export', "ExportVm: the VM's state, to a file (--out) or printed as hex")
    .addOption(formatOption())
    .option('--out <file>', 'write the state to this file')
    .action(
      action(session, async (id: string, o: { format?: StateFormat; out?: string }) => {
        const format = o.format ?? 'flic';
        const state = await (await session.host()).exportVm(id, format);
        if (o.out !== undefined) await writeFile(o.out, state);
        const value = { vmId: id, format, bytes: state.length, ...(o.out === undefined ? { state } : { file: o.out }) };
        return { value, text: o.out === undefined ? json(value) : `${state.length} bytes of ${format} state written to ${o.out}` };
      }),
    );

  vmCommand(program, 'import', 'ImportVm from a file: flic creates the VM, qemu loads into the existing VM')
    .argument('<file>', 'a state ExportVm (or QEMU) wrote')
    .addOption(formatOption())
    .action(
      action(session, async (id: string, file: string, o: { format?: StateFormat }) => {
        const format = o.format ?? 'flic';
        const state = await readFile(file);
        await (await session.host()).importVm(id, new Uint8Array(state.buffer, state.byteOffset, state.byteLength), format);
        return { value: { vmId: id, format, bytes: state.length }, text: `imported ${state.length} bytes of ${format} state into ${id}` };
      }),
    );

  program
    .command('rebalance')
    .description('move every VM whose owner changes from one replica list to another (export, import, delete); safe to run again')
    .requiredOption('--from <replicas>', 'the replica list VMs are on now (name=host:port,...)')
    .requiredOption('--to <replicas>', 'the new replica list (name=host:port,...)')
    .option('--concurrency <n>', 'VMs moved at once (default 8)', uintIn(256, 1))
    .option('--attempts <n>', 'copies of a VM that keeps changing before it is moved fenced (default 3)', uintIn(100, 1))
    .option('--spool-dir <dir>', 'where a VM moved fenced is kept between its delete and its import; a later run finishes what is left there', DEFAULT_SPOOL_DIR)
    .option('--dry-run', 'only list the VMs that would move')
    .action(async (o: RebalanceCommandOptions) => runRebalance(session, o));
};
