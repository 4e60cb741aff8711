// ENQUEUE (group 2), one subcommand per floating interrupt type: I/O, adapter, service, virtio,
// PFAULT_DONE and machine check. Each builds one kvm_s390_irq; the raw set-attr sends any other.

import { InvalidArgumentError, type Command } from 'commander';
import {
  IO_INT_WORD_AI,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MCHK,
  MCHK_FIXED_LOGOUT_SIZE,
  ioType,
  iscToIntWord,
} from '../../../device/abi/index.js';
import type { Irq } from '../../../device/types.js';
import { hexBytes, isc, u32, u64 } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { irqTable } from '../formatIrq.js';
import { ioIrqOf, ioRecordOptions } from '../ioRecord.js';
import type { Session } from '../session.js';

interface ExtOptions {
  params?: number;
  params2?: bigint;
}

interface MchkOptions {
  cr14?: bigint;
  mcic?: bigint;
  failingStorageAddress?: bigint;
  extDamageCode?: number;
  fixedLogout?: Uint8Array;
}

function enqueueCommand<O>(program: Command, session: Session, name: string, description: string, irq: (o: O) => Irq): Command {
  return vmCommand(program, name, `ENQUEUE ${description}`).action(
    action(session, async (id: string, o: O) => {
      const record = irq(o);
      await (await session.vm(id)).enqueue([record]);
      return { value: { enqueued: [record] }, text: irqTable([record]) };
    }),
  );
}

function extIrq(type: number, o: ExtOptions): Irq {
  return { kind: 'ext', type: BigInt(type), extParams: o.params ?? 0, pad: 0, extParams2: o.params2 ?? 0n };
}

export const enqueueCommands: CommandModule = (program, session) => {
  ioRecordOptions(enqueueCommand(program, session, 'enqueue-io', 'one I/O interrupt', ioIrqOf));

  enqueueCommand(
    program,
    session,
    'enqueue-adapter',
    'one adapter interrupt (I/O type with the AI bit)',
    (o: { isc: number; parm?: number }): Irq => ({
      kind: 'io',
      type: ioType(0, 0, 0, true),
      subchannelId: 0,
      subchannelNr: 0,
      ioIntParm: o.parm ?? 0,
      ioIntWord: (IO_INT_WORD_AI | iscToIntWord(o.isc)) >>> 0,
    }),
  )
    .requiredOption('--isc <n>', 'interruption subclass, 0..7', isc)
    .option('--parm <n>', 'io_int_parm (default 0)', u32);

  enqueueCommand(program, session, 'enqueue-service', 'a service signal (merged into one pending record)', (o: ExtOptions) =>
    extIrq(KVM_S390_INT_SERVICE, o),
  ).option('--params <n>', 'ext_params: SCCB address and event-pending bits (default 0)', u32);

  enqueueCommand(program, session, 'enqueue-virtio', 'one virtio interrupt', (o: ExtOptions) => extIrq(KVM_S390_INT_VIRTIO, o))
    .option('--params <n>', 'ext_params (default 0)', u32)
    .option('--params2 <n>', 'ext_params2, 64 bits (default 0)', u64);

  enqueueCommand(program, session, 'enqueue-pfault-done', 'one PFAULT_DONE (async page fault completed)', (o: ExtOptions) =>
    extIrq(KVM_S390_INT_PFAULT_DONE, o),
  ).option('--params2 <n>', 'ext_params2: the fault token, 64 bits (default 0)', u64);

  enqueueCommand(
    program,
    session,
    'enqueue-mchk',
    'a floating machine check (merged into one pending record)',
    (o: MchkOptions): Irq => ({
      kind: 'mchk',
      type: BigInt(KVM_S390_MCHK),
      cr14: o.cr14 ?? 0n,
      mcic: o.mcic ?? 0n,
      failingStorageAddress: o.failingStorageAddress ?? 0n,
      extDamageCode: o.extDamageCode ?? 0,
      pad: 0,
      fixedLogout: o.fixedLogout ?? new Uint8Array(MCHK_FIXED_LOGOUT_SIZE),
    }),
  )
    .option('--cr14 <n>', 'CR14 subclass mask, 64 bits; only 0x10000000 stays (default 0)', u64)
    .option('--mcic <n>', 'machine-check interruption code, 64 bits (default 0)', u64)
    .option('--failing-storage-address <n>', '64 bits (default 0)', u64)
    .option('--ext-damage-code <n>', '32 bits (default 0)', u32)
    .option('--fixed-logout <hex>', 'up to 16 bytes (default zeros)', (v: string) => fixedLogout(hexBytes(v)));
};

function fixedLogout(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MCHK_FIXED_LOGOUT_SIZE)
    throw new InvalidArgumentError(`${bytes.length} bytes; the fixed logout has ${MCHK_FIXED_LOGOUT_SIZE}`);
  return bytes;
}
