// VM lifecycle and KVM_CREATE_DEVICE.

import { InvalidArgumentError, Option } from 'commander';
import { KVM_CREATE_DEVICE_TEST, KVM_DEV_TYPE_FLIC, KVM_MAX_VCPUS } from '../../../device/abi/index.js';
import type { AdapterMapMode, GuestMemoryRange, KernelProfile, VmConfig } from '../../../device/types.js';
import { u32, u64, uintIn } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { table } from '../format.js';
import { OK } from '../session.js';

interface CreateVmOptions {
  ais?: boolean;
  gisa?: boolean;
  ucontrol?: boolean;
  protected?: boolean;
  maxVcpus?: number;
  profile?: KernelProfile;
  mapMode?: AdapterMapMode;
  guestMemory?: GuestMemoryRange[];
}

/** `start+size[,start+size…]`, each a u64 in decimal or 0x-hex. */
function guestMemory(value: string): GuestMemoryRange[] {
  return value.split(',').map((range) => {
    const [start, size, extra] = range.split('+');
    if (start === undefined || size === undefined || extra !== undefined) {
      throw new InvalidArgumentError(`expected start+size (for example 0x1000+0x10000), got ${range}`);
    }
    return { start: u64(start), size: u64(size) };
  });
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
    ...(o.guestMemory === undefined ? {} : { guestMemory: o.guestMemory }),
  };
}

export const vmCommands: CommandModule = (program, session) => {
  vmCommand(program, 'create-vm', 'create a VM (no FLIC yet: then create-device)')
    .option('--ais', 'the AIS facility (72)')
    .option('--gisa', 'the VM has a GISA')
    .option('--ucontrol', 'user-controlled VM (APF groups fail with EINVAL)')
    .option('--protected', 'protected (Secure Execution) guest')
    .option('--max-vcpus <n>', `KVM_MAX_VCPUS, 1..${KVM_MAX_VCPUS} (default ${KVM_MAX_VCPUS})`, uintIn(KVM_MAX_VCPUS, 1))
    .addOption(new Option('--profile <profile>', 'kernel profile (default current)').choices(['current', 'original']))
    .addOption(
      new Option('--map-mode <mode>', 'adapter MAP/UNMAP generation (default noop)').choices(['noop', 'legacy', 'tracked']),
    )
    .option('--guest-memory <ranges>', 'guest memory for MAP, start+size[,start+size...] (default: all backed)', guestMemory)
    .action(
      action(session, async (id: string, o: CreateVmOptions) => {
        await (await session.host()).createVm(id, vmConfig(o));
        return OK;
      }),
    );

  vmCommand(program, 'delete-vm', 'delete a VM and its FLIC').action(
    action(session, async (id: string) => {
      await (await session.host()).deleteVm(id);
      return OK;
    }),
  );

  program
    .command('list-vms')
    .description('the ids of every VM')
    .action(
      action(session, async () => {
        const vmIds = await (await session.host()).listVms();
        return {
          value: { vmIds },
          text: table(
            ['VM'],
            vmIds.map((id) => [id]),
          ),
        };
      }),
    );

  vmCommand(program, 'create-device', `KVM_CREATE_DEVICE (type ${KVM_DEV_TYPE_FLIC} is the FLIC)`)
    .option('--type <n>', `device type (default ${KVM_DEV_TYPE_FLIC})`, u32)
    .option('--test', 'KVM_CREATE_DEVICE_TEST: only ask whether the type exists')
    .action(
      action(session, async (id: string, o: { type?: number; test?: boolean }) => {
        const flags = o.test === true ? KVM_CREATE_DEVICE_TEST : 0;
        const created = await (await session.vm(id)).createDevice(o.type ?? KVM_DEV_TYPE_FLIC, flags);
        return { value: { created }, text: created ? 'created' : 'not created (test only: the type exists)' };
      }),
    );
};
