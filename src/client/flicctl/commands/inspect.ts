// Inspect: the model's read-only state of one VM's FLIC.

import { action, vmCommand, type CommandModule } from '../command.js';
import { inspectionText } from '../formatInspect.js';

export const inspectCommands: CommandModule = (program, session) => {
  vmCommand(program, 'inspect', "the FLIC's state: configuration, queues, AIS, adapters, counters").action(
    action(session, async (id: string) => {
      const inspection = await (await session.vm(id)).inspect();
      return { value: inspection, text: inspectionText(inspection) };
    }),
  );
};
