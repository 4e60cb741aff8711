// The adapter groups: ADAPTER_REGISTER (6), ADAPTER_MODIFY (7) and AIRQ_INJECT (10).

import {
  KVM_S390_ADAPTER_SUPPRESSIBLE,
  KVM_S390_IO_ADAPTER_MAP,
  KVM_S390_IO_ADAPTER_MASK,
  KVM_S390_IO_ADAPTER_UNMAP,
  U8_MAX,
} from '../../../device/abi/index.js';
import { namedOrUint, u32, u64, u8 } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { OK } from '../session.js';

interface RegisterOptions {
  id: number;
  isc: number;
  maskable?: boolean;
  swap?: boolean;
  suppressible?: boolean;
  flags?: number;
}

interface ModifyOptions {
  id: number;
  op: number;
  mask?: boolean;
  guestAddr?: bigint;
}

const OPS = { mask: KVM_S390_IO_ADAPTER_MASK, map: KVM_S390_IO_ADAPTER_MAP, unmap: KVM_S390_IO_ADAPTER_UNMAP } as const;

export const adapterCommands: CommandModule = (program, session) => {
  vmCommand(program, 'adapter-register', 'ADAPTER_REGISTER: register an I/O adapter')
    .requiredOption('--id <n>', 'adapter id, 32 bits (the kernel takes 0..63)', u32)
    .requiredOption('--isc <n>', "the adapter's ISC byte, 0..255 (the kernel stores any value)", u8)
    .option('--maskable', 'the adapter can be masked')
    .option('--swap', 'the swap flag')
    .option('--suppressible', `flag ${KVM_S390_ADAPTER_SUPPRESSIBLE}: AIS may suppress it`)
    .option('--flags <n>', `the whole flag byte, 0..${U8_MAX} (overrides --suppressible)`, u8)
    .action(
      action(session, async (id: string, o: RegisterOptions) => {
        const flags = o.flags ?? (o.suppressible === true ? KVM_S390_ADAPTER_SUPPRESSIBLE : 0);
        await (
          await session.vm(id)
        ).adapterRegister({ id: o.id, isc: o.isc, maskable: o.maskable === true, swap: o.swap === true, flags });
        return OK;
      }),
    );

  vmCommand(program, 'adapter-modify', 'ADAPTER_MODIFY: mask, map or unmap an adapter')
    .requiredOption('--id <n>', 'adapter id, 32 bits', u32)
    .requiredOption('--op <op>', 'mask, map, unmap, or the raw type byte 0..255', namedOrUint(OPS, U8_MAX))
    .option('--mask', 'with --op mask: mask the adapter (without it: unmask)')
    .option('--guest-addr <n>', 'with --op map or unmap: the guest address, 64 bits (default 0)', u64)
    .action(
      action(session, async (id: string, o: ModifyOptions) => {
        await (await session.vm(id)).adapterModify({ id: o.id, type: o.op, mask: o.mask === true, addr: o.guestAddr ?? 0n });
        return OK;
      }),
    );

  vmCommand(program, 'airq-inject', 'AIRQ_INJECT: inject an adapter interrupt (AIS may suppress it)')
    .requiredOption('--id <n>', 'adapter id: the 64-bit attr, of which the kernel reads the low 32 bits', u64)
    .action(
      action(session, async (id: string, o: { id: bigint }) => {
        await (await session.vm(id)).airqInject(o.id);
        return OK;
      }),
    );
};
