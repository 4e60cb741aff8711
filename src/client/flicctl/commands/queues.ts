// The queue groups: GET_ALL_IRQS (1), CLEAR_IRQS (3), APF_ENABLE (4), APF_DISABLE_WAIT (5) and
// CLEAR_IO_IRQ (8).

import type { Command } from 'commander';
import { KVM_S390_FLIC_MAX_BUFFER, U64_MAX } from '../../../device/abi/index.js';
import type { FlicApi } from '../../../device/types.js';
import { bigUint, u16 } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { hex } from '../format.js';
import { irqTable } from '../formatIrq.js';
import { OK, type Session } from '../session.js';

function simpleCommand(
  program: Command,
  session: Session,
  name: string,
  description: string,
  run: (vm: FlicApi) => unknown,
): Command {
  return vmCommand(program, name, description).action(
    action(session, async (id: string) => {
      await run(await session.vm(id));
      return OK;
    }),
  );
}

export const queueCommands: CommandModule = (program, session) => {
  vmCommand(program, 'get-all', 'GET_ALL_IRQS: every pending floating interrupt')
    .alias('get-all-irqs')
    .option(
      '--buffer-len <bytes>',
      `the buffer length in bytes, 64 bits (default ${hex(KVM_S390_FLIC_MAX_BUFFER)}, the largest, which always suffices)`,
      (v: string) => bigUint(v, U64_MAX),
    )
    .action(
      action(session, async (id: string, o: { bufferLen?: bigint }) => {
        const irqs = await (await session.vm(id)).getAllIrqs(o.bufferLen ?? BigInt(KVM_S390_FLIC_MAX_BUFFER));
        return { value: { irqs }, text: irqTable(irqs) };
      }),
    );

  simpleCommand(program, session, 'clear', 'CLEAR_IRQS: drop every pending floating interrupt', (vm) => vm.clearIrqs()).alias(
    'clear-irqs',
  );
  simpleCommand(program, session, 'apf-enable', 'APF_ENABLE: enable asynchronous page faults', (vm) => vm.apfEnable());
  simpleCommand(program, session, 'apf-disable-wait', 'APF_DISABLE_WAIT: disable them and wait for those in flight', (vm) =>
    vm.apfDisableWait(),
  );

  vmCommand(program, 'clear-io', 'CLEAR_IO_IRQ: drop the pending I/O interrupts of one subchannel')
    .requiredOption('--subchannel-id <n>', 'subchannel_id word, 0..65535 (0 is EINVAL)', u16)
    .requiredOption('--subchannel-nr <n>', 'subchannel number, 0..65535', u16)
    .action(
      action(session, async (id: string, o: { subchannelId: number; subchannelNr: number }) => {
        await (await session.vm(id)).clearIoIrq(o.subchannelId, o.subchannelNr);
        return OK;
      }),
    );
};
