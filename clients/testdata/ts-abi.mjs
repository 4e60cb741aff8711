#!/usr/bin/env node
// Prints, as one JSON object, the values the Python and Go clients copy from the server's
// TypeScript sources: every numeric constant of the device ABI, the errno numbers, the errno →
// gRPC code table, and the wire names and limits. The clients' tests compare their own
// definitions against it, so src/ stays the one source of truth. Reads the build (`npm run build`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', 'src', p)).href;
if (!existsSync(path.join(root, 'dist', 'src', 'device', 'abi', 'index.js'))) {
  console.error('ts-abi.mjs: no dist/src: run `npm run build` first');
  process.exit(2);
}

const abi = await import(dist('device/abi/index.js'));
const { ERRNO } = await import(dist('device/errno.js'));
const { ERRNO_STATUS } = await import(dist('proto/errnoCodes.js'));
const loader = await import(dist('proto/loader.js'));
const wire = await import(dist('proto/wire.js'));
const { READ_ALL_FIRST_GUESS } = await import(dist('client/remoteVm.js'));

const constants = {};
for (const [name, value] of Object.entries(abi)) {
  if (typeof value === 'number' || typeof value === 'bigint') constants[name] = value.toString();
}
console.log(
  JSON.stringify({
    constants,
    groupNames: abi.FLIC_GROUP_NAMES,
    errno: ERRNO,
    errnoStatus: ERRNO_STATUS,
    maxMessageBytes: loader.MAX_MESSAGE_BYTES,
    vmIdKey: wire.VM_ID_KEY,
    errorDomain: wire.FLIC_ERROR_DOMAIN,
    statusDetailsKey: wire.STATUS_DETAILS_KEY,
    writtenKey: wire.WRITTEN_KEY,
    readAllFirstGuess: READ_ALL_FIRST_GUESS.toString(),
  }),
);
