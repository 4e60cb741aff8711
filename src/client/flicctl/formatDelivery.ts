// What Deliver, TPI and TSCH answer, for a person and for a script: the class, the pending bit by
// number and name, the record decoded, the lowcore stores as offset and hex bytes, the PSW slots.

import { decodeIrq } from '../../device/abi/index.js';
import type { Delivery, InterruptClass, IoIrq, Irq } from '../../device/types.js';
import { fields, hex, sections, table } from './format.js';
import { irqTable } from './formatIrq.js';
import { pendingBitName } from './pendingBits.js';
import type { Output } from './session.js';

/** The class as the proto names it (INTERRUPT_CLASS_…). */
const CLASS_NAMES: Readonly<Record<InterruptClass, string>> = {
  none: 'NONE',
  io: 'IO',
  external: 'EXTERNAL',
  machineCheck: 'MACHINE_CHECK',
  local: 'LOCAL',
};

const offsetText = (offset: number): string => hex(offset, 4);

export function deliveryOutput(d: Delivery): Output {
  const record: Irq | null = d.record.length === 0 ? null : decodeIrq(d.record, 0);
  const stores = d.stores.map((s) => ({ offset: s.offset, data: s.data }));
  const taken = d.interruptClass !== 'none';
  const value = {
    interruptClass: d.interruptClass,
    pendingBit: d.pendingBit,
    pendingBitName: taken ? pendingBitName(d.pendingBit) : null,
    record,
    stores,
    oldPswOffset: d.oldPswOffset,
    newPswOffset: d.newPswOffset,
  };
  const summary = fields([
    ['class', CLASS_NAMES[d.interruptClass]],
    ['pending bit', taken ? `${d.pendingBit} (${pendingBitName(d.pendingBit)})` : '-'],
    ['old PSW', d.oldPswOffset === 0 ? '- (no PSW swap)' : offsetText(d.oldPswOffset)],
    ['new PSW', d.newPswOffset === 0 ? '- (no PSW swap)' : offsetText(d.newPswOffset)],
  ]);
  if (!taken) return { value, text: summary };
  const storeRows = stores.map((s) => [offsetText(s.offset), String(s.data.length), Buffer.from(s.data).toString('hex')]);
  return {
    value,
    text: sections([
      ['Delivery', summary],
      ['Record', record === null ? '(none)' : irqTable([record])],
      ['Lowcore stores', table(['OFFSET', 'BYTES', 'DATA'], storeRows)],
    ]),
  };
}

/** TPI and TSCH: the dequeued interrupt, or that nothing was. */
export function dequeueOutput(irq: IoIrq | null): Output {
  return {
    value: { found: irq !== null, irq },
    text: irq === null ? 'nothing dequeued' : irqTable([irq]),
  };
}
