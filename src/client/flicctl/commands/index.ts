// Every flicctl command module, in the order `flicctl --help` lists them.

import type { CommandModule } from '../command.js';
import { adapterCommands } from './adapters.js';
import { aisCommands } from './ais.js';
import { attrCommands } from './attrs.js';
import { deliveryCommands } from './delivery.js';
import { enqueueCommands } from './enqueue.js';
import { inspectCommands } from './inspect.js';
import { queueCommands } from './queues.js';
import { stateCommands } from './state.js';
import { vmCommands } from './vms.js';

export const COMMAND_MODULES: readonly CommandModule[] = [
  vmCommands,
  enqueueCommands,
  queueCommands,
  adapterCommands,
  aisCommands,
  deliveryCommands,
  attrCommands,
  inspectCommands,
  stateCommands,
];
