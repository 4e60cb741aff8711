// ExportVm / ImportVm on the wire: the StateFormat enum to the device's format and back
// (UNSPECIFIED is FLIC; a number the contract does not define is EINVAL).
import type { StateFormat } from '../device/types.js';
import type { StateFormat__Output } from '../gen/flic/v1/StateFormat.js';
import { enumValue } from './messages.js';

const FORMAT_FROM_MESSAGE: Readonly<Record<StateFormat__Output, StateFormat>> = {
  STATE_FORMAT_UNSPECIFIED: 'flic',
  STATE_FORMAT_FLIC: 'flic',
  STATE_FORMAT_QEMU: 'qemu',
};

const FORMAT_TO_MESSAGE: Readonly<Record<StateFormat, StateFormat__Output>> = {
  flic: 'STATE_FORMAT_FLIC',
  qemu: 'STATE_FORMAT_QEMU',
};

export function stateFormatFromMessage(f: StateFormat__Output, group: string): StateFormat {
  return enumValue(FORMAT_FROM_MESSAGE, f, 'state format', group);
}

export function stateFormatToMessage(f: StateFormat): StateFormat__Output {
  return FORMAT_TO_MESSAGE[f];
}
