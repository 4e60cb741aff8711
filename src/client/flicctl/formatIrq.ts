// Interrupt records as table rows: the type code in hex, its kernel name, and the fields of the
// union member the record carries.

import {
  IO_INT_WORD_AI,
  KVM_S390_INT_CLOCK_COMP,
  KVM_S390_INT_CPU_TIMER,
  KVM_S390_INT_EMERGENCY,
  KVM_S390_INT_EXTERNAL_CALL,
  KVM_S390_INT_IO_AI_MASK,
  KVM_S390_INT_IO_MAX,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_PFAULT_INIT,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MCHK,
  KVM_S390_PROGRAM_INT,
  KVM_S390_RESTART,
  KVM_S390_SIGP_SET_PREFIX,
  KVM_S390_SIGP_STOP,
  iscFromIntWord,
} from '../../device/abi/index.js';
import type { Irq } from '../../device/types.js';
import { hex, table } from './format.js';

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [KVM_S390_SIGP_STOP, 'SIGP_STOP'],
  [KVM_S390_PROGRAM_INT, 'PROGRAM_INT'],
  [KVM_S390_SIGP_SET_PREFIX, 'SIGP_SET_PREFIX'],
  [KVM_S390_RESTART, 'RESTART'],
  [KVM_S390_INT_PFAULT_INIT, 'PFAULT_INIT'],
  [KVM_S390_INT_PFAULT_DONE, 'PFAULT_DONE'],
  [KVM_S390_MCHK, 'MCHK'],
  [KVM_S390_INT_CLOCK_COMP, 'CLOCK_COMP'],
  [KVM_S390_INT_CPU_TIMER, 'CPU_TIMER'],
  [KVM_S390_INT_VIRTIO, 'VIRTIO'],
  [KVM_S390_INT_SERVICE, 'SERVICE'],
  [KVM_S390_INT_EMERGENCY, 'EMERGENCY'],
  [KVM_S390_INT_EXTERNAL_CALL, 'EXTERNAL_CALL'],
]);

/** The kernel's name of a type code (I/O codes by their parts). */
export function typeName(type: bigint): string {
  if (type > BigInt(KVM_S390_INT_IO_MAX)) return TYPE_NAMES.get(Number(type)) ?? '(undefined)';
  const code = Number(type);
  if ((code & KVM_S390_INT_IO_AI_MASK) !== 0) return 'IO (adapter)';
  const cssid = (code >>> 18) & 0xff;
  const ssid = (code >>> 16) & 0x3;
  const schid = code & 0xffff;
  return `IO ${cssid.toString(16)}.${ssid}.${schid.toString(16).padStart(4, '0')}`;
}

function details(irq: Irq): string {
  switch (irq.kind) {
    case 'io': {
      const ai = (irq.ioIntWord & IO_INT_WORD_AI) !== 0 ? ' AI' : '';
      return (
        `isc=${iscFromIntWord(irq.ioIntWord)}${ai} subchannel=${hex(irq.subchannelId, 4)}/${hex(irq.subchannelNr, 4)} ` +
        `parm=${hex(irq.ioIntParm)} word=${hex(irq.ioIntWord)}`
      );
    }
    case 'ext':
      return `params=${hex(irq.extParams)} params2=${hex(irq.extParams2, 16)}${irq.pad === 0 ? '' : ` pad=${hex(irq.pad)}`}`;
    case 'mchk':
      return (
        `cr14=${hex(irq.cr14, 16)} mcic=${hex(irq.mcic, 16)} fsa=${hex(irq.failingStorageAddress, 16)} ` +
        `damage=${hex(irq.extDamageCode)}`
      );
    case 'raw':
      return `payload=${Buffer.from(irq.payload).toString('hex')}`;
  }
}

export function irqTable(irqs: readonly Irq[]): string {
  return table(
    ['#', 'TYPE', 'NAME', 'FIELDS'],
    irqs.map((irq, i) => [String(i), hex(irq.type), typeName(irq.type), details(irq)]),
  );
}
