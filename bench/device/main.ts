// `node --expose-gc dist/bench/device/main.js [--quick]`: the device figures alone.
import { formatDeviceFigures, runDeviceBench } from './deviceBench.js';

const quick = process.argv.includes('--quick');
console.log(formatDeviceFigures(runDeviceBench({ quick })));
