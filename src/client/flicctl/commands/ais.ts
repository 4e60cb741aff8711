// Adapter-interruption suppression: AISM (9) and AISM_ALL (11) in both directions.

import { KVM_S390_AIS_MODE_ALL, KVM_S390_AIS_MODE_SINGLE, U16_MAX } from '../../../device/abi/index.js';
import { isc, namedOrUint, u64, u8 } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { fields, iscMaskText } from '../format.js';
import { OK } from '../session.js';

const MODES = { all: KVM_S390_AIS_MODE_ALL, single: KVM_S390_AIS_MODE_SINGLE } as const;

export const aisCommands: CommandModule = (program, session) => {
  vmCommand(program, 'aism', 'AISM: set the suppression mode of one ISC')
    .requiredOption('--isc <n>', 'interruption subclass, 0..7', isc)
    .requiredOption('--mode <mode>', `all, single, or the raw mode 0..${U16_MAX}`, namedOrUint(MODES, U16_MAX))
    .action(
      action(session, async (id: string, o: { isc: number; mode: number }) => {
        await (await session.vm(id)).aism(o.isc, o.mode);
        return OK;
      }),
    );

  vmCommand(program, 'get-aism-all', 'AISM_ALL GET: the suppression and no-interruption masks')
    .option('--buffer-len <bytes>', 'the buffer length, 64 bits (default 2; under 2 is EINVAL)', u64)
    .action(
      action(session, async (id: string, o: { bufferLen?: bigint }) => {
        const masks = await (await session.vm(id)).getAismAll(o.bufferLen);
        return {
          value: masks,
          text: fields([
            ['simm', iscMaskText(masks.simm)],
            ['nimm', iscMaskText(masks.nimm)],
          ]),
        };
      }),
    );

  vmCommand(program, 'set-aism-all', 'AISM_ALL SET: both masks at once (MSB0 bit i = ISC i)')
    .requiredOption('--simm <mask>', 'suppression mask, 8 bits', u8)
    .requiredOption('--nimm <mask>', 'no-interruption mask, 8 bits', u8)
    .action(
      action(session, async (id: string, o: { simm: number; nimm: number }) => {
        await (await session.vm(id)).setAismAll({ simm: o.simm, nimm: o.nimm });
        return OK;
      }),
    );
};
