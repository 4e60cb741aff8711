// The in-process device figures (bench/device) as JSON on stdout. run.ts starts this in its own
// node with --expose-gc (the memory figures need it), before either server runs.

import { runDeviceBench } from './device/deviceBench.js';

const quick = process.argv.includes('--quick');
process.stdout.write(`${JSON.stringify(runDeviceBench({ quick }))}\n`);
