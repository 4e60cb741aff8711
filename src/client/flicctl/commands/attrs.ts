// The raw device-attribute calls: KVM_SET_DEVICE_ATTR, KVM_GET_DEVICE_ATTR and KVM_HAS_DEVICE_ATTR
// with the kernel's big-endian bytes in hex, so that any buffer (a captured ioctl, a malformed
// record) can be replayed.

import type { Command } from 'commander';
import { FLIC_GROUP_NAMES } from '../../../device/abi/index.js';
import type { AttrCall, AttrResult, FlicApi } from '../../../device/types.js';
import { hexBytes, u32, u64 } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { fields, hexDump } from '../format.js';
import type { Output, Session } from '../session.js';

interface AttrOptions {
  group: number;
  attr?: bigint;
  flags?: number;
  data?: Uint8Array;
  badAddr?: boolean;
}

const GROUPS = Object.entries(FLIC_GROUP_NAMES)
  .map(([n, name]) => `${n} ${name.replace('KVM_DEV_FLIC_', '')}`)
  .join(', ');

function attrCall(o: AttrOptions): AttrCall {
  return {
    flags: o.flags ?? 0,
    group: o.group,
    attr: o.attr ?? 0n,
    data: o.data ?? new Uint8Array(0),
    badAddr: o.badAddr === true,
  };
}

function result(r: AttrResult, withData: boolean): Output {
  const text = fields([['ret', String(r.ret)], ...(withData ? [['data', `${r.data.length} bytes`] as const] : [])]);
  return {
    value: withData ? { ret: r.ret, data: r.data } : { ret: r.ret },
    text: withData && r.data.length > 0 ? `${text}\n${hexDump(r.data)}` : text,
  };
}

function attrCommand(
  program: Command,
  session: Session,
  name: string,
  description: string,
  call: (vm: FlicApi, c: AttrCall) => Promise<AttrResult> | AttrResult,
  options: { data: boolean; returnsData: boolean },
): void {
  const cmd = vmCommand(program, name, description)
    .requiredOption('--group <n>', `attribute group (${GROUPS})`, u32)
    .option('--attr <n>', 'attr, 64 bits (default 0): a length, an id, or 4 for CLEAR_IO_IRQ', u64)
    .option('--flags <n>', 'flags (default 0)', u32)
    .option('--bad-addr', 'every access to addr faults (EFAULT)');
  if (options.data) cmd.option('--data <hex>', 'the bytes at addr, in hex (default none)', hexBytes);
  cmd.action(
    action(session, async (id: string, o: AttrOptions) =>
      result(await call(await session.vm(id), attrCall(o)), options.returnsData),
    ),
  );
}

export const attrCommands: CommandModule = (program, session) => {
  attrCommand(program, session, 'set-attr', 'KVM_SET_DEVICE_ATTR with raw bytes', (vm, c) => vm.setAttr(c), {
    data: true,
    returnsData: false,
  });
  attrCommand(program, session, 'get-attr', 'KVM_GET_DEVICE_ATTR: prints the bytes written at addr', (vm, c) => vm.getAttr(c), {
    data: false,
    returnsData: true,
  });
  attrCommand(program, session, 'has-attr', 'KVM_HAS_DEVICE_ATTR: ret 0 when the group exists', (vm, c) => vm.hasAttr(c), {
    data: false,
    returnsData: false,
  });
};
