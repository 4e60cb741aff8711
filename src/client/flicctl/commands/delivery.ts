// Delivery (docs/delivery.md): a vCPU takes a floating interrupt (deliver), TPI and TSCH dequeue
// one I/O interrupt, reinject-io puts one back, pv-sclp-intercept releases a protected VM's
// SERVICE. flic keeps no vCPU state, so deliver takes the vCPU's registers as options; every value
// is checked against its field before anything is sent.

import { InvalidArgumentError, type Command } from 'commander';
import {
  CR0_CLOCK_COMPARATOR_SUBMASK,
  CR0_CPU_TIMER_SUBMASK,
  CR0_EMERGENCY_SIGNAL_SUBMASK,
  CR0_EXTERNAL_CALL_SUBMASK,
  CR0_SERVICE_SIGNAL_SUBMASK,
  IICTL_CODE_MAX,
  IrqClass,
  KVM_MAX_VCPUS,
  KVM_S390_INT_IO_MAX,
  MCHK_CR14_KEPT,
  PSW_HI_EXT,
  PSW_HI_IO,
  PSW_HI_MCHECK,
  U32_MAX,
  classifyType,
  hi32,
  lo32,
} from '../../../device/abi/index.js';
import type { CpuState, IoIrq } from '../../../device/types.js';
import { hex32, hex64, u16, u32, u64, uintIn } from '../args.js';
import { action, vmCommand, type CommandModule } from '../command.js';
import { hex } from '../format.js';
import { deliveryOutput, dequeueOutput } from '../formatDelivery.js';
import { irqTable } from '../formatIrq.js';
import { ioIrqOf, ioRecordOptions, type IoOptions } from '../ioRecord.js';
import { LOCAL_BIT_LIST, localPending } from '../pendingBits.js';
import { OK } from '../session.js';

interface DeliverOptions {
  cpu?: number;
  pswMask?: bigint;
  cr0?: bigint;
  cr6?: bigint;
  cr14?: bigint;
  localPending?: bigint;
  localMchkCr14?: bigint;
  iictl?: number;
  dryRun?: boolean;
  waitMs?: number;
}

interface ReinjectOptions extends IoOptions {
  type?: bigint;
  word?: number;
}

const psw = (hi: number): string => hex(BigInt(hi) << 32n, 16);
const PSW_HELP =
  `PSW mask (the first doubleword), hex: I/O ${psw(PSW_HI_IO)}, external ${psw(PSW_HI_EXT)}, ` +
  `machine check ${psw(PSW_HI_MCHECK)} (default 0)`;
const CR0_HELP =
  `CR0, hex: emergency ${hex(CR0_EMERGENCY_SIGNAL_SUBMASK, 4)}, external call ${hex(CR0_EXTERNAL_CALL_SUBMASK, 4)}, ` +
  `clock comparator ${hex(CR0_CLOCK_COMPARATOR_SUBMASK, 4)}, CPU timer ${hex(CR0_CPU_TIMER_SUBMASK, 4)}, ` +
  `service signal ${hex(CR0_SERVICE_SIGNAL_SUBMASK, 4)} (default 0)`;

function cpuState(o: DeliverOptions): CpuState {
  return {
    cpuId: o.cpu ?? 0,
    pswMask: o.pswMask ?? 0n,
    cr0: o.cr0 ?? 0n,
    cr6: o.cr6 ?? 0n,
    cr14: o.cr14 ?? 0n,
    localPending: o.localPending ?? 0n,
    localMchkCr14: o.localMchkCr14 ?? 0n,
    iictl: o.iictl ?? 0,
  };
}

/** An I/O type code: what ReinjectIo accepts (docs/delivery.md §4.4). */
function ioTypeCode(value: string): bigint {
  const type = u64(value);
  if (classifyType(hi32(type), lo32(type)) !== IrqClass.Io) {
    throw new InvalidArgumentError(`not an I/O type (0..${hex(KVM_S390_INT_IO_MAX)})`);
  }
  return type;
}

function reinjected(o: ReinjectOptions, cmd: Command): IoIrq {
  if (o.isc === undefined && o.word === undefined) cmd.error("error: one of '--isc <n>' or '--word <n>' is required");
  const irq = ioIrqOf(o);
  return { ...irq, type: o.type ?? irq.type, ioIntWord: o.word ?? irq.ioIntWord };
}

export const deliveryCommands: CommandModule = (program, session) => {
  vmCommand(program, 'deliver', 'Deliver: the vCPU takes at most one floating interrupt (prints what and the lowcore stores)')
    .option('--cpu <n>', `vCPU number, 0..${KVM_MAX_VCPUS - 1}, below the VM's max_vcpus (default 0)`, uintIn(KVM_MAX_VCPUS - 1))
    .option('--psw-mask <hex>', PSW_HELP, hex64)
    .option('--cr0 <hex>', CR0_HELP, hex64)
    .option('--cr6 <hex>', 'CR6, hex: ISC n is enabled by 0x80000000 >> n (default 0)', hex64)
    .option('--cr14 <hex>', `CR14, hex: ${hex(MCHK_CR14_KEPT)} enables the floating machine check (default 0)`, hex64)
    .option('--local-pending <bits>', `the vCPU's own pending interrupts: a 0x mask or a list of bits (${LOCAL_BIT_LIST})`, localPending)
    .option('--local-mchk-cr14 <hex>', 'cr14 of a pending local machine check, hex (default 0)', hex64)
    .option('--iictl <n>', `protected vCPUs: the pending injection code, 0..${IICTL_CODE_MAX} (default 0)`, uintIn(IICTL_CODE_MAX))
    .option('--dry-run', 'answer what would be taken and change nothing')
    .option('--wait-ms <n>', `wait up to this long for something deliverable, 0..${U32_MAX} (default 0: answer now)`, u32)
    .action(
      action(session, async (id: string, o: DeliverOptions) => {
        const vm = await session.vm(id);
        return deliveryOutput(await vm.deliver(cpuState(o), { dryRun: o.dryRun === true, waitMs: o.waitMs ?? 0 }));
      }),
    );

  vmCommand(program, 'tpi', 'TEST PENDING INTERRUPTION: dequeue one I/O interrupt of the enabled ISCs (queues and GISA)')
    .requiredOption('--isc-mask <hex>', "CR6's ISC bits, hex: ISC n is 0x80000000 >> n (0xff000000: all)", hex32)
    .action(action(session, async (id: string, o: { iscMask: number }) => dequeueOutput(await (await session.vm(id)).tpi(o.iscMask))));

  vmCommand(program, 'tsch', "TEST SUBCHANNEL: dequeue one subchannel's oldest I/O interrupt, ISC 0 first")
    .requiredOption('--subchannel-id <n>', 'subchannel_id word, 0..65535', u16)
    .requiredOption('--subchannel-nr <n>', 'subchannel number, 0..65535 (id and number 0 dequeue nothing)', u16)
    .action(
      action(session, async (id: string, o: { subchannelId: number; subchannelNr: number }) => {
        const schid = ((o.subchannelId << 16) | o.subchannelNr) >>> 0;
        return dequeueOutput(await (await session.vm(id)).tsch(schid));
      }),
    );

  ioRecordOptions(vmCommand(program, 'reinject-io', 'ReinjectIo: put a dequeued I/O interrupt back, as a fresh injection'), 'word')
    .option(
      '--type <n>',
      `the type code as TPI or TSCH answered it, an I/O type 0..${hex(KVM_S390_INT_IO_MAX)} (default: from cssid, ssid and schid)`,
      ioTypeCode,
    )
    .option('--word <n>', 'io_int_word, 32 bits (default: the ISC in bits 0x38000000)', u32)
    .action(
      action(session, async (id: string, o: ReinjectOptions, cmd: Command) => {
        const irq = reinjected(o, cmd);
        await (await session.vm(id)).reinjectIo(irq);
        return { value: { reinjected: irq }, text: irqTable([irq]) };
      }),
    );

  vmCommand(program, 'pv-sclp-intercept', "PvSclpIntercept: a protected guest's SCLP request (releases SERVICE)").action(
    action(session, async (id: string) => {
      await (await session.vm(id)).pvSclpIntercept();
      return OK;
    }),
  );
};
