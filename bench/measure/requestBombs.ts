// Section 8 (issue 11 item 2): requests of at most 64 KB on the wire that decompress to up to
// 33 MiB or more, each sent alone to a fresh flic, with the time to its answer and the growth of
// the server's peak RSS (VmHWM, reset through /proc/<pid>/clear_refs before each call) against the
// target: refused within 100 ms and 50 MB, whatever the bytes decompress to.

import { status } from '@grpc/grpc-js';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { FlicClient } from '../../src/client/flicClient.js';
import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_TYPE_FLIC, KVM_S390_FLIC_MAX_BUFFER } from '../../src/device/abi/index.js';
import { ENQUEUE_MAX_RECORDS } from '../../src/proto/requestLimits.js';
import { RawGrpcConnection, grpcFrame } from '../../test/support/rawGrpc.js';
import { ioIrq } from '../../test/support/workload.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { meets, type Figure, type Target } from '../report/figures.js';
import type { ServerChild } from '../servers/children.js';
import { serialize } from '../load/grpcFrame.js';

const SECTION = '8 request bombs';
const TIME_TARGET: Target = { basis: 'value', op: '<=', value: 100 };
const MEMORY_TARGET: Target = { basis: 'value', op: '<=', value: 50 };
const BOMB_VM = 'bomb';

interface Bomb {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly encoding: 'gzip' | 'deflate';
  /** The uncompressed request (built once, compressed once). */
  readonly body: () => Buffer;
  /** The answer it must get. */
  readonly code: status;
  /** A legal request that the device partly applies: reported, not held to the refusal target. */
  readonly legal?: boolean;
}

/** `prefix` followed by `n` copies of `entry`. */
function repeated(prefix: Buffer, entry: Buffer, n: number): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + entry.length * n);
  prefix.copy(out);
  out.fill(entry, prefix.length);
  return out;
}

/** A length-delimited field (tag and length) of `len` bytes, without its bytes. */
function lengthField(tag: number, len: number): Buffer {
  const bytes = [tag];
  for (let v = len; ; v = Math.floor(v / 128)) {
    bytes.push(v >= 128 ? (v % 128) | 0x80 : v);
    if (v < 128) break;
  }
  return Buffer.from(bytes);
}

const EMPTY_INTERRUPT = Buffer.from([0x12, 0x00]);

const BOMBS: readonly Bomb[] = [
  {
    id: 'enqueue-17.3M',
    name: 'Enqueue of 17.3 million empty Interrupts (the issue\'s reproduction)',
    path: '/flic.v1.Flic/Enqueue',
    encoding: 'gzip',
    body: () => repeated(serialize('Enqueue', { vmId: BOMB_VM }), EMPTY_INTERRUPT, 17_300_000),
    code: status.INVALID_ARGUMENT,
  },
  {
    id: 'enqueue-17.3M-deflate',
    name: 'the same, deflate',
    path: '/flic.v1.Flic/Enqueue',
    encoding: 'deflate',
    body: () => repeated(serialize('Enqueue', { vmId: BOMB_VM }), EMPTY_INTERRUPT, 17_300_000),
    code: status.INVALID_ARGUMENT,
  },
  {
    id: 'enqueue-past-33MiB',
    name: 'Enqueue that decompresses past 33 MiB',
    path: '/flic.v1.Flic/Enqueue',
    encoding: 'gzip',
    body: () => repeated(serialize('Enqueue', { vmId: BOMB_VM }), EMPTY_INTERRUPT, 17_400_000),
    code: status.RESOURCE_EXHAUSTED,
  },
  {
    id: 'createvm-8.6M',
    name: 'CreateVm with 8.6 million guest_memory ranges',
    path: '/flic.v1.Flic/CreateVm',
    encoding: 'gzip',
    body: () => {
      const range = Buffer.from([0x42, 0x02, 0x10, 0x01]);
      const config = Buffer.concat([serialize('CreateVm', { vmId: 'bomb-vm' }), lengthField(0x12, range.length * 8_600_000)]);
      return repeated(config, range, 8_600_000);
    },
    code: status.RESOURCE_EXHAUSTED,
  },
  {
    id: 'setattr-32MiB',
    name: 'SetDeviceAttr ENQUEUE of 32 MiB of zeros (legal framing; the device refuses record 0)',
    path: '/flic.v1.Flic/SetDeviceAttr',
    encoding: 'gzip',
    body: () => {
      const head = serialize('SetDeviceAttr', { vmId: BOMB_VM, flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: KVM_S390_FLIC_MAX_BUFFER, badAddr: false });
      return Buffer.concat([head, lengthField(0x2a, KVM_S390_FLIC_MAX_BUFFER), Buffer.alloc(KVM_S390_FLIC_MAX_BUFFER)]);
    },
    code: status.INVALID_ARGUMENT,
  },
  {
    id: 'health-33MiB',
    name: 'health Check whose service name decompresses to 33 MiB',
    path: '/grpc.health.v1.Health/Check',
    encoding: 'gzip',
    body: () => Buffer.concat([lengthField(0x0a, 33 << 20), Buffer.alloc(33 << 20, 0x61)]),
    code: status.RESOURCE_EXHAUSTED,
  },
  {
    id: 'enqueue-466033-io',
    name: `legal typed Enqueue of ${ENQUEUE_MAX_RECORDS.toLocaleString('en')} identical I/O interrupts (EBUSY past 266,250)`,
    path: '/flic.v1.Flic/Enqueue',
    encoding: 'gzip',
    body: () => serialize('Enqueue', { vmId: BOMB_VM, irqs: irqsToMessages(Array.from({ length: ENQUEUE_MAX_RECORDS }, () => ioIrq(1))) }),
    code: status.RESOURCE_EXHAUSTED,
    legal: true,
  },
];

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]);
}

function figure(id: string, name: string, unit: string, target: Target | null, rounds: number[], note: string): Figure {
  const worst = Math.max(...rounds);
  return { id, section: SECTION, name, unit, flic: worst, baseline: null, ratio: null, target, met: meets(target, null, worst), rounds: { flic: rounds, baseline: null }, note };
}

export async function measureRequestBombs(server: ServerChild, rounds: number, log: (m: string) => void): Promise<Figure[]> {
  const target = `127.0.0.1:${server.port}`;
  const client = new FlicClient(target);
  const raw = new RawGrpcConnection(target);
  const figures: Figure[] = [];
  try {
    await client.createVm(BOMB_VM);
    await client.vm(BOMB_VM).createDevice(KVM_DEV_TYPE_FLIC);
    for (const bomb of BOMBS) {
      const body = bomb.body();
      const compressed = bomb.encoding === 'gzip' ? zlib.gzipSync(body, { level: 9 }) : zlib.deflateSync(body, { level: 9 });
      const frame = grpcFrame(compressed, 1);
      const ms: number[] = [];
      const mb: number[] = [];
      for (let i = 0; i < rounds; i++) {
        await client.vm(BOMB_VM).clearIrqs();
        await server.gc();
        const before = statusKb(server.pid, 'VmRSS');
        writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
        const t0 = performance.now();
        const answer = await raw.call(bomb.path, frame, { headers: { 'grpc-encoding': bomb.encoding }, timeoutMs: 120_000 });
        ms.push(performance.now() - t0);
        mb.push((statusKb(server.pid, 'VmHWM') - before) / 1024);
        if (answer.code !== bomb.code) throw new Error(`${bomb.id}: answered ${status[answer.code]} "${answer.message}", expected ${status[bomb.code]}`);
      }
      const note = `${frame.length.toLocaleString('en')} bytes on the wire, ${body.length.toLocaleString('en')} decompressed; answer ${status[bomb.code]}; worst of ${rounds}`;
      log(`  ${bomb.id}: ${ms.map((x) => x.toFixed(0)).join(' / ')} ms, peak RSS +${mb.map((x) => x.toFixed(1)).join(' / ')} MB`);
      figures.push(
        figure(`bomb.${bomb.id}.ms`, `${bomb.name}: time to the answer`, 'ms', bomb.legal === true ? null : TIME_TARGET, ms, note),
        figure(`bomb.${bomb.id}.rss`, `${bomb.name}: peak RSS growth`, 'MB', bomb.legal === true ? null : MEMORY_TARGET, mb, note),
      );
    }
    await client.deleteVm(BOMB_VM);
    return figures;
  } finally {
    raw.close();
    client.close();
  }
}
