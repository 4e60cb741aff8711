// The options that build one I/O record (struct kvm_s390_irq's io member and an I/O type code),
// shared by enqueue-io and reinject-io so that both read the same words the same way.

import { Option, type Command } from 'commander';
import { ioType, iscToIntWord, subsystemIdWord } from '../../device/abi/index.js';
import type { IoIrq } from '../../device/types.js';
import { isc, u16, u32, uintIn } from './args.js';
import { hex } from './format.js';

export interface IoOptions {
  schid: number;
  isc?: number;
  cssid?: number;
  ssid?: number;
  subchannelId?: number;
  parm?: number;
}

const DEFAULT_CSSID = 0xfe;

/**
 * Adds the record's options. `--isc` is required, unless `iscAlternative` names another option
 * (one word, as `word` for `--word`) that gives the interruption word; then the two exclude each
 * other and the command checks that one was given.
 */
export function ioRecordOptions(cmd: Command, iscAlternative?: string): Command {
  const iscHelp = 'interruption subclass, 0..7';
  cmd.requiredOption('--schid <n>', 'subchannel number, 0..65535', u16);
  if (iscAlternative === undefined) cmd.requiredOption('--isc <n>', iscHelp, isc);
  else cmd.addOption(new Option('--isc <n>', `${iscHelp} (or --${iscAlternative})`).argParser(isc).conflicts(iscAlternative));
  return cmd
    .option('--cssid <n>', `channel subsystem id, 0..255 (default ${hex(DEFAULT_CSSID, 2)})`, uintIn(0xff))
    .option('--ssid <n>', 'subchannel set id, 0..3 (default 0)', uintIn(3))
    .option('--subchannel-id <n>', "the record's subchannel_id word (default: from cssid and ssid)", u16)
    .option('--parm <n>', 'io_int_parm (default 0)', u32);
}

/** The record the options describe; its interruption word carries the ISC (0 when absent). */
export function ioIrqOf(o: IoOptions): IoIrq {
  const cssid = o.cssid ?? DEFAULT_CSSID;
  const ssid = o.ssid ?? 0;
  return {
    kind: 'io',
    type: ioType(cssid, ssid, o.schid),
    subchannelId: o.subchannelId ?? subsystemIdWord(cssid, ssid),
    subchannelNr: o.schid,
    ioIntParm: o.parm ?? 0,
    ioIntWord: iscToIntWord(o.isc ?? 0),
  };
}
