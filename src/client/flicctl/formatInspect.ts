// Inspect's answer for a person: the VM's configuration, queue depths against their limits, AIS,
// the adapters, the pending interrupts and the counters.

import type { FlicInspection, Irq } from '../../device/types.js';
import { fields, hex, iscMaskText, sections, table, yesNo } from './format.js';
import { irqTable } from './formatIrq.js';

function pending(s: FlicInspection): readonly Irq[] {
  return s.list ?? [...s.io.flat(), ...s.pfaultDone, ...s.virtio];
}

export function inspectionText(s: FlicInspection): string {
  const c = s.config;
  const memory =
    c.guestMemory === null ? 'all backed' : c.guestMemory.map((r) => `${hex(r.start, 1)}+${hex(r.size, 1)}`).join(', ');
  const config = fields([
    ['profile', s.profile],
    ['ais facility', yesNo(c.ais)],
    ['gisa', yesNo(c.gisa)],
    ['ucontrol', yesNo(c.ucontrol)],
    ['protected', yesNo(c.protected)],
    ['max vcpus', String(c.maxVcpus)],
    ['adapter map mode', c.adapterMapMode],
    ['guest memory', memory],
  ]);
  const d = s.depths;
  const queues = fields([
    ['io per ISC 0..7', d.io.join(' ')],
    ['gisa IPM', s.gisaIpm === null ? '(no GISA)' : iscMaskText(s.gisaIpm)],
    ['io', `${s.limits.io.count} of ${s.limits.io.limit}`],
    ['virtio', `${s.limits.virtio.count} of ${s.limits.virtio.limit}`],
    ['pfault done', `${s.limits.pfault.count} of ${s.limits.pfault.limit}`],
    ['service', s.service.pending ? `pending, ext_params ${hex(s.service.extParams)}` : 'none'],
    [
      'machine check',
      s.machineCheck.pending ? `pending, cr14 ${hex(s.machineCheck.cr14, 16)} mcic ${hex(s.machineCheck.mcic, 16)}` : 'none',
    ],
    ['total records', String(d.total)],
  ]);
  const ais = fields([
    ['simm', iscMaskText(s.ais.simm)],
    ['nimm', iscMaskText(s.ais.nimm)],
    ['apf enabled', yesNo(s.apfEnabled)],
  ]);
  const adapters = table(
    ['ID', 'ISC', 'MASKABLE', 'SWAP', 'FLAGS', 'MASKED', 'MAPPINGS', 'MAP COUNTER'],
    s.adapters.map((a) => [
      String(a.id),
      String(a.isc),
      yesNo(a.maskable),
      yesNo(a.swap),
      hex(a.flags, 2),
      yesNo(a.masked),
      a.mappings.map((m) => hex(m, 1)).join(',') || '-',
      String(a.mapCounter),
    ]),
  );
  const counters = fields(Object.entries(s.counters).map(([name, n]) => [name, String(n)] as const));
  return sections([
    ['VM', config],
    ['Queues', queues],
    ['AIS and APF', ais],
    ['Adapters', adapters],
    [
      s.list === null ? 'Queued interrupts (I/O by ISC, PFAULT_DONE, virtio)' : 'Queued interrupts (the one list)',
      irqTable(pending(s)),
    ],
    ['Counters', counters],
  ]);
}
