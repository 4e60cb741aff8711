// CRC-32C (Castagnoli): the checksum of a FLIC-format blob and of the state directory's records
// (docs/state.md). Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF, as
// iSCSI, ext4 and gRPC's own checks use it; "123456789" gives 0xE3069283.

const POLY = 0x82f63b78;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(b: Uint8Array, start = 0, end = b.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
