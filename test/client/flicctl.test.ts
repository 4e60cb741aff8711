// flicctl as a user runs it: the built executable (dist/src/client/flicctl.js, package.json's bin)
// in its own process, against a real server on a real port. Every subcommand the program lists is
// run, and its help three ways; bad arguments fail before anything is sent (they are given an
// address where nothing listens, so only the argument check can answer).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/server/app.js';
import { testServiceConfig } from '../server/fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(root, 'dist', 'src', 'client', 'flicctl.js');
/** Nothing listens here: a call would fail with UNAVAILABLE, not with a usage error. */
const NOWHERE = '127.0.0.1:1';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function flicctl(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { FLIC_ADDR: _ignored, ...inherited } = process.env;
    const env = { ...inherited, ...options.env };
    const child = execFile(process.execPath, [BIN, ...args], { env }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      if (status === -1) reject(err ?? new Error('no status'));
      else resolve({ status, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

let flic: RunningService;
let target: string;
const exercised = new Set<string>();

/** Runs a subcommand against the server as JSON, expects success, and notes that it ran. */
async function ok(command: string, ...args: string[]): Promise<unknown> {
  exercised.add(command);
  const r = await flicctl(['--addr', target, '--json', command, ...args]);
  expect(r, `${command} ${args.join(' ')}`).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(r.stdout);
}

async function failing(command: string, ...args: string[]): Promise<{ status: number; error: unknown }> {
  exercised.add(command);
  const r = await flicctl(['--addr', target, '--json', command, ...args]);
  expect(r.stdout).toBe('');
  return { status: r.status, error: JSON.parse(r.stderr) };
}

/** The subcommands `flicctl --help` lists (help itself aside). */
async function listedCommands(): Promise<string[]> {
  const r = await flicctl(['--help']);
  expect(r.status).toBe(0);
  const section = r.stdout.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/[\s|]/)[0] ?? '')
    .filter((name) => name !== 'help');
}

/** Runs `fn` over `items`, `width` at a time (the machine has two cores). */
async function inBatches<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

beforeAll(async () => {
  flic = await startService(testServiceConfig());
  target = `127.0.0.1:${flic.grpcPort}`;
});

afterAll(async () => {
  await flic.stop('test done');
});

describe('flicctl, the built executable', () => {
  it('describes every subcommand with --help, -h and help <command>, and exits 0', async () => {
    const commands = await listedCommands();
    expect(commands.length).toBeGreaterThan(20);
    const described = (text: string, command: string): void => {
      expect(text, command).toContain(`Usage: flicctl ${command}`);
      expect(text, command).toContain('--addr <host:port>'); // the global options too
      // A subcommand's own option must not take a global one's name (the global would win).
      const own = text.split('Global Options:')[0] ?? '';
      for (const global of ['--addr', '--embedded', '--json', '--table'])
        expect(own, command).not.toMatch(new RegExp(`${global}\\b`));
    };
    // --help as a command line of its own; -h and help <command> as the lines of one batch each
    // (the same parser, one process start instead of one per command).
    await inBatches(commands, 4, async (command) => {
      const r = await flicctl([command, '--help']);
      expect(r, command).toMatchObject({ status: 0, stderr: '' });
      described(r.stdout, command);
    });
    for (const form of [(c: string) => `${c} -h`, (c: string) => `help ${c}`]) {
      const r = await flicctl(['batch'], { input: commands.map(form).join('\n') });
      expect(r).toMatchObject({ status: 0, stderr: '' });
      const pages = r.stdout.split(/^(?=Usage: )/m);
      expect(pages).toHaveLength(commands.length);
      commands.forEach((command, i) => described(pages[i] ?? '', command));
    }
    const top = await flicctl(['--help']);
    expect(top.stdout).toContain('FLIC_ADDR');
  });

  it('runs every group, typed and raw, against a real server (JSON)', async () => {
    expect(
      await ok(
        'create-vm',
        'v1',
        '--ais',
        '--gisa',
        '--max-vcpus',
        '4',
        '--map-mode',
        'tracked',
        '--guest-memory',
        '0x1000+0x10000',
      ),
    ).toEqual({
      ok: true,
    });
    expect(await ok('list-vms')).toEqual({ vmIds: ['v1'] });
    expect(await ok('create-device', 'v1', '--test')).toEqual({ created: false });
    expect(await ok('create-device', 'v1')).toEqual({ created: true });

    expect(await ok('enqueue-io', 'v1', '--schid', '5', '--isc', '7', '--parm', '0xa1')).toEqual({
      enqueued: [
        { kind: 'io', type: String(0x03f80005), subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 0xa1, ioIntWord: 0x38000000 },
      ],
    });
    await ok('enqueue-io', 'v1', '--schid', '65535', '--isc', '0', '--cssid', '0', '--ssid', '3', '--subchannel-id', '0x0007');
    await ok('enqueue-adapter', 'v1', '--isc', '2');
    await ok('enqueue-service', 'v1', '--params', '0x1001');
    await ok('enqueue-virtio', 'v1', '--params', '1', '--params2', '0xffffffffffffffff');
    await ok('enqueue-pfault-done', 'v1', '--params2', '7');
    await ok('enqueue-mchk', 'v1', '--cr14', '0x10000001', '--mcic', '0x4000000000000000', '--fixed-logout', '01:02');
    const all = (await ok('get-all', 'v1')) as {
      irqs: { type: string; ioIntWord?: number; cr14?: string; extParams2?: string }[];
    };
    expect(all.irqs.map((i) => Number(i.type).toString(16))).toEqual([
      '4000000',
      '3ffff',
      '3f80005',
      'fffe0005',
      'ffff2603',
      'ffff2401',
      'fffe1000',
    ]);
    expect(all.irqs[4]?.extParams2).toBe('18446744073709551615');
    expect(all.irqs[6]?.cr14).toBe(String(0x10000000)); // a floating machine check keeps one cr14 bit

    await ok('clear-io', 'v1', '--subchannel-id', '0xfe01', '--subchannel-nr', '5');
    expect((await ok('get-all', 'v1', '--buffer-len', String(72 * 6))) as { irqs: unknown[] }).toMatchObject({
      irqs: { length: 5 },
    });
    expect(await failing('get-all', 'v1', '--buffer-len', '72')).toMatchObject({
      status: 1,
      error: { error: { errnoName: 'ENOMEM', group: 'KVM_DEV_FLIC_GET_ALL_IRQS', metadata: { requiredBytes: String(72 * 5) } } },
    });
    await ok('clear', 'v1');
    expect(await ok('get-all', 'v1')).toEqual({ irqs: [] });

    await ok('apf-enable', 'v1');
    await ok('apf-disable-wait', 'v1');
    await ok('adapter-register', 'v1', '--id', '3', '--isc', '2', '--maskable', '--suppressible');
    await ok('adapter-register', 'v1', '--id', '4', '--isc', '255', '--flags', '0xfe', '--swap');
    await ok('adapter-modify', 'v1', '--id', '3', '--op', 'mask', '--mask');
    await ok('adapter-modify', 'v1', '--id', '3', '--op', 'map', '--guest-addr', '0x2000');
    await ok('adapter-modify', 'v1', '--id', '3', '--op', 'map', '--guest-addr', '0x3000');
    await ok('adapter-modify', 'v1', '--id', '3', '--op', 'unmap', '--guest-addr', '0x2000');
    expect(await failing('adapter-modify', 'v1', '--id', '3', '--op', '9')).toMatchObject({
      status: 1,
      error: { error: { errnoName: 'EINVAL' } },
    });
    await ok('aism', 'v1', '--isc', '2', '--mode', 'single');
    await ok('airq-inject', 'v1', '--id', '3');
    await ok('set-aism-all', 'v1', '--simm', '0x20', '--nimm', '0x40');
    expect(await ok('get-aism-all', 'v1')).toEqual({ simm: 0x20, nimm: 0x40 });
    expect(await failing('get-aism-all', 'v1', '--buffer-len', '1')).toMatchObject({
      status: 1,
      error: { error: { errnoName: 'EINVAL' } },
    });

    // Raw: CLEAR_IO_IRQ's schid word, AISM_ALL's two bytes, HAS for a group that does not exist.
    expect(await ok('set-attr', 'v1', '--group', '8', '--attr', '4', '--data', 'fe 01 00 05')).toEqual({ ret: 0 });
    expect(await ok('get-attr', 'v1', '--group', '11', '--attr', '2')).toEqual({ ret: 0, data: '2040' });
    expect(await ok('has-attr', 'v1', '--group', '11')).toEqual({ ret: 0 });
    expect(await failing('has-attr', 'v1', '--group', '12')).toMatchObject({
      status: 1,
      error: { error: { errnoName: 'ENXIO' } },
    });
    expect(await failing('set-attr', 'v1', '--group', '2', '--attr', '72', '--data', '00')).toMatchObject({
      status: 1,
      error: { error: { errnoName: 'EFAULT' } },
    });

    const inspected = (await ok('inspect', 'v1')) as {
      config: { ais: boolean; maxVcpus: number; adapterMapMode: string };
      adapters: { id: number; masked: boolean; mappings: string[] }[];
      ais: { simm: number };
      apfEnabled: boolean;
    };
    expect(inspected.config).toMatchObject({ ais: true, maxVcpus: 4, adapterMapMode: 'tracked' });
    expect(inspected.adapters.map((a) => [a.id, a.masked, a.mappings])).toEqual([
      [3, true, [String(0x3000)]],
      [4, false, []],
    ]);
    expect(inspected.ais.simm).toBe(0x20);

    // State: export to a file, import it as a clone (identical), QEMU format into an existing VM.
    const dir = mkdtempSync(path.join(tmpdir(), 'flicctl-state-'));
    try {
      const file = path.join(dir, 'v1.flic');
      expect(await ok('export', 'v1', '--out', file)).toMatchObject({ vmId: 'v1', format: 'flic', file });
      expect(await ok('import', 'v1-clone', file)).toMatchObject({ vmId: 'v1-clone', format: 'flic' });
      const copy = (await ok('export', 'v1-clone')) as { state: string };
      expect(copy.state).toBe(readFileSync(file).toString('hex'));
      await ok('export', 'v1', '--format', 'qemu', '--out', path.join(dir, 'v1.qemu'));
      await ok('import', 'v1-clone', path.join(dir, 'v1.qemu'), '--format', 'qemu');
      expect(await failing('import', 'v1', file)).toMatchObject({ status: 1, error: { error: { errnoName: 'EEXIST' } } });
      await ok('delete-vm', 'v1-clone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A rebalance onto the same list moves nothing (a farm's move is test/e2e/farmRebalance.test.ts).
    exercised.add('rebalance');
    const same = `flic-0=${target}`;
    const moved = await flicctl(['--json', 'rebalance', '--from', same, '--to', same]);
    expect(moved.status).toBe(0);
    expect(JSON.parse(moved.stdout)).toEqual({ vms: 1, stayed: 1, moved: 0, resumed: 0, gone: 0, planned: 0, failed: [] });
    // Delivery: the vCPU's registers are options (hex); what it takes comes back decoded, with the
    // lowcore stores as offset and hex bytes and the PSW slots.
    await ok('create-vm', 'd1', '--max-vcpus', '2');
    await ok('create-device', 'd1');
    await ok('enqueue-io', 'd1', '--schid', '5', '--isc', '3', '--parm', '0x11223344');
    await ok('enqueue-service', 'd1', '--params', '0x1003');
    const open = ['--psw-mask', '0x0304000000000000', '--cr0', '200', '--cr6', 'ff000000', '--cr14', '1000_0000'];
    const serviceEvents = {
      interruptClass: 'external',
      pendingBit: 16,
      pendingBitName: 'EXT_SERVICE_EV',
      record: { kind: 'ext', type: String(0xffff2401), extParams: 3, pad: 0, extParams2: '0' },
      stores: [
        { offset: 0x86, data: '2401' },
        { offset: 0x84, data: '0000' },
        { offset: 0x80, data: '00000003' },
      ],
      oldPswOffset: 0x130,
      newPswOffset: 0x1b0,
    };
    expect(await ok('deliver', 'd1', ...open, '--dry-run')).toEqual(serviceEvents);
    expect(await ok('deliver', 'd1', ...open, '--cpu', '1')).toEqual(serviceEvents);
    // A local interrupt of higher priority wins, and nothing floating leaves.
    expect(await ok('deliver', 'd1', ...open, '--local-pending', 'PROG,1', '--local-mchk-cr14', '0')).toMatchObject({
      interruptClass: 'local',
      pendingBit: 25,
      record: null,
      stores: [],
    });
    expect(await ok('deliver', 'd1', ...open)).toMatchObject({ interruptClass: 'external', pendingBit: 15, record: { extParams: 0x1000 } });
    const io = { kind: 'io', type: String(0x03f80005), subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 0x11223344, ioIntWord: 0x18000000 };
    expect(await ok('tpi', 'd1', '--isc-mask', '0x20000000')).toEqual({ found: false, irq: null });
    expect(await ok('tpi', 'd1', '--isc-mask', '10000000')).toEqual({ found: true, irq: io });
    expect(await ok('reinject-io', 'd1', '--schid', '5', '--isc', '3', '--parm', '0x11223344')).toEqual({ reinjected: io });
    expect(await ok('tsch', 'd1', '--subchannel-id', '0xfe01', '--subchannel-nr', '5')).toEqual({ found: true, irq: io });
    // The exact words TPI answered, an adapter interrupt's included, go back with --type and --word.
    const adapter = { kind: 'io', type: String(0x04000000), subchannelId: 0, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0x90000000 };
    const back = ['--schid', '0', '--subchannel-id', '0', '--type', '0x04000000', '--word', '0x90000000'];
    expect(await ok('reinject-io', 'd1', ...back)).toEqual({ reinjected: adapter });
    expect(await ok('tpi', 'd1', '--isc-mask', '0xff000000')).toEqual({ found: true, irq: adapter });
    expect(await ok('deliver', 'd1', ...open, '--wait-ms', '1', '--iictl', '0')).toEqual({
      interruptClass: 'none',
      pendingBit: 0,
      pendingBitName: null,
      record: null,
      stores: [],
      oldPswOffset: 0,
      newPswOffset: 0,
    });
    // The server's own checks: a vCPU past max_vcpus; the SCLP intercept of a VM that is not protected.
    expect(await failing('deliver', 'd1', '--cpu', '2')).toMatchObject({ status: 1, error: { error: { errnoName: 'EINVAL' } } });
    expect(await failing('pv-sclp-intercept', 'd1')).toMatchObject({ status: 1, error: { error: { errnoName: 'EINVAL' } } });
    // A protected VM holds SERVICE back until its guest's SCLP request, and stores nothing.
    await ok('create-vm', 'p1', '--protected');
    await ok('create-device', 'p1');
    await ok('enqueue-service', 'p1', '--params', '0x2000');
    expect(await ok('deliver', 'p1', ...open)).toMatchObject({ interruptClass: 'none' });
    expect(await ok('pv-sclp-intercept', 'p1')).toEqual({ ok: true });
    expect(await ok('deliver', 'p1', ...open, '--iictl', '0')).toMatchObject({
      interruptClass: 'external',
      pendingBit: 15,
      record: { extParams: 0x43000 | 0x2000 },
      stores: [],
      oldPswOffset: 0,
      newPswOffset: 0,
    });
    await ok('delete-vm', 'p1');
    await ok('delete-vm', 'd1');

    await ok('delete-vm', 'v1');
    expect(await failing('get-all', 'v1')).toEqual({
      status: 1,
      error: { error: { errno: 2, errnoName: 'ENOENT', group: 'VM', message: 'VM: ENOENT: no VM v1', metadata: {} } },
    });

    // An embedded batch: the device in the flicctl process, its VM living across the lines.
    exercised.add('batch');
    const batch = await flicctl(['--embedded', '--json', 'batch'], {
      input: ['# comment', 'create-vm e1', 'create-device e1', 'enqueue-service e1 --params 8', '', 'get-all e1'].join('\n'),
    });
    expect(batch.status).toBe(0);
    expect(batch.stdout).toContain(`"type": "${0xffff2401}"`);

    expect([...exercised].sort()).toEqual((await listedCommands()).sort());
  });

  it('prints tables with hex type codes, words and masks when asked (as on a terminal)', async () => {
    const lines = [
      'create-vm t1 --ais',
      'create-device t1',
      'enqueue-io t1 --schid 5 --isc 3',
      'enqueue-service t1 --params 0x1001',
    ];
    const setup = await flicctl(['--addr', target, '--table', 'batch'], {
      input: `${lines.join('\n')}\nset-aism-all t1 --simm 0x81 --nimm 0\n`,
    });
    expect(setup.status).toBe(0);
    const all = await flicctl(['--addr', target, '--table', 'get-all', 't1']);
    expect(all.stdout.split('\n')).toEqual([
      '#  TYPE        NAME          FIELDS',
      '0  0x03f80005  IO fe.0.0005  isc=3 subchannel=0xfe01/0x0005 parm=0x00000000 word=0x18000000',
      '1  0xffff2401  SERVICE       params=0x00001001 params2=0x0000000000000000',
      '',
    ]);
    const masks = await flicctl(['--addr', target, '--table', 'get-aism-all', 't1']);
    expect(masks.stdout).toBe('simm  0x81 (ISC 0,7)\nnimm  0x00\n');
    const inspect = await flicctl(['--addr', target, '--table', 'inspect', 't1']);
    expect(inspect.stdout).toMatch(/^ {2}io per ISC 0\.\.7 {2}0 0 0 1 0 0 0 0$/m);
    expect(inspect.stdout).toMatch(/^ {2}service +pending, ext_params 0x00001001$/m);
    const delivered = await flicctl(['--addr', target, '--table', 'deliver', 't1', '--psw-mask', '0x0200000000000000', '--cr6', '0x10000000']);
    expect(delivered.stdout.split('\n')).toEqual([
      'Delivery',
      '  class        IO',
      '  pending bit  7 (IO_ISC_3)',
      '  old PSW      0x0170',
      '  new PSW      0x01f0',
      '',
      'Record',
      '  #  TYPE        NAME          FIELDS',
      '  0  0x03f80005  IO fe.0.0005  isc=3 subchannel=0xfe01/0x0005 parm=0x00000000 word=0x18000000',
      '',
      'Lowcore stores',
      '  OFFSET  BYTES  DATA',
      '  0x00b8  2      fe01',
      '  0x00ba  2      0005',
      '  0x00bc  4      00000000',
      '  0x00c0  4      18000000',
      '',
    ]);
    const none = await flicctl(['--addr', target, '--table', 'tpi', 't1', '--isc-mask', '0xff000000']);
    expect(none.stdout).toBe('nothing dequeued\n');
    const error = await flicctl(['--addr', target, '--table', 'clear-io', 't1', '--subchannel-id', '0', '--subchannel-nr', '0']);
    expect(error).toEqual({
      status: 1,
      stdout: '',
      stderr: 'flicctl: KVM_DEV_FLIC_CLEAR_IO_IRQ: EINVAL: schid must not be 0 (errno 22)\n',
    });
    await flicctl(['--addr', target, 'delete-vm', 't1']);
  });

  it('takes the address from FLIC_ADDR', async () => {
    const r = await flicctl(['--json', 'list-vms'], { env: { FLIC_ADDR: target } });
    expect(r).toMatchObject({ status: 0 });
    expect(JSON.parse(r.stdout)).toHaveProperty('vmIds');
  });

  it('rejects a bad argument before sending anything, naming the argument (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['enqueue-io', 'v', '--schid', '5', '--isc', '8'], "option '--isc <n>' argument '8' is invalid. must be 0..7"],
      [
        ['enqueue-io', 'v', '--schid', '65536', '--isc', '0'],
        "option '--schid <n>' argument '65536' is invalid. must be 0..65535",
      ],
      [['enqueue-io', 'v', '--schid', 'x', '--isc', '0'], "option '--schid <n>' argument 'x' is invalid. expected an integer"],
      [['enqueue-io', 'v', '--schid', '-1', '--isc', '0'], "option '--schid <n>' argument '-1' is invalid"],
      [['enqueue-io', 'v', '--isc', '0'], "required option '--schid <n>' not specified"],
      [['enqueue-adapter', 'v', '--isc', '9'], "option '--isc <n>' argument '9' is invalid"],
      [['aism', 'v', '--isc', '8', '--mode', 'all'], "option '--isc <n>' argument '8' is invalid"],
      [
        ['aism', 'v', '--isc', '1', '--mode', 'some'],
        "option '--mode <mode>' argument 'some' is invalid. expected all, single or a number",
      ],
      [['adapter-register', 'v', '--id', '1', '--isc', '256'], "option '--isc <n>' argument '256' is invalid. must be 0..255"],
      [['adapter-modify', 'v', '--id', '1', '--op', 'flip'], "option '--op <op>' argument 'flip' is invalid"],
      [['airq-inject', 'v', '--id', '0x10000000000000000'], "option '--id <n>' argument '0x10000000000000000' is invalid"],
      [
        ['set-attr', 'v', '--group', '8', '--data', 'abc'],
        "option '--data <hex>' argument 'abc' is invalid. expected whole bytes",
      ],
      [['set-attr', 'v', '--group', '8', '--data', 'zz'], "option '--data <hex>' argument 'zz' is invalid. expected hex digits"],
      [['get-attr', 'v', '--group', '4294967296'], "option '--group <n>' argument '4294967296' is invalid"],
      [['enqueue-mchk', 'v', '--fixed-logout', '00'.repeat(17)], "option '--fixed-logout <hex>' argument"],
      [['create-vm', 'v', '--max-vcpus', '0'], "option '--max-vcpus <n>' argument '0' is invalid. must be 1..255"],
      [['create-vm', 'v', '--guest-memory', '0x1000'], "option '--guest-memory <ranges>' argument '0x1000' is invalid"],
      [['create-vm', 'a b'], "argument 'vm'. vm_id must be printable ASCII without spaces"],
      [['inspect', 'x'.repeat(129)], "argument 'vm'. vm_id is 129 characters long, the limit is 128"],
      [['deliver', 'v', '--cpu', '255'], "option '--cpu <n>' argument '255' is invalid. must be 0..254"],
      [['deliver', 'v', '--iictl', '5'], "option '--iictl <n>' argument '5' is invalid. must be 0..4"],
      [['deliver', 'v', '--psw-mask', '0x1_0000_0000_0000_0000'], "option '--psw-mask <hex>' argument '0x1_0000_0000_0000_0000' is invalid"],
      [['deliver', 'v', '--cr6', 'ff00000g'], "option '--cr6 <hex>' argument 'ff00000g' is invalid. expected hex digits"],
      [['deliver', 'v', '--local-pending', '3'], "option '--local-pending <bits>' argument '3' is invalid. 3 (IO_ISC_7): not a local"],
      [['deliver', 'v', '--local-pending', '0x4000000'], "argument '0x4000000' is invalid. 26 (SVC): not a local"],
      [['deliver', 'v', '--local-pending', 'PROG,NOPE'], 'NOPE is neither a bit number 0..63 nor a pending-bit name'],
      [['deliver', 'v', '--wait-ms', '4294967296'], "option '--wait-ms <n>' argument '4294967296' is invalid"],
      [['tpi', 'v'], "required option '--isc-mask <hex>' not specified"],
      [['tpi', 'v', '--isc-mask', '0x100000000'], "option '--isc-mask <hex>' argument '0x100000000' is invalid. must be at most 0xffffffff"],
      [['tsch', 'v', '--subchannel-id', '65536', '--subchannel-nr', '1'], "option '--subchannel-id <n>' argument '65536' is invalid"],
      [['reinject-io', 'v', '--schid', '1'], "one of '--isc <n>' or '--word <n>' is required"],
      [['reinject-io', 'v', '--schid', '1', '--isc', '1', '--word', '0'], "option '--isc <n>' cannot be used with option '--word <n>'"],
      [
        ['reinject-io', 'v', '--schid', '1', '--word', '0', '--type', '0xffff2401'],
        "option '--type <n>' argument '0xffff2401' is invalid. not an I/O type",
      ],
      [['no-such-command'], "unknown command 'no-such-command'"],
    ];
    await inBatches(cases, 4, async ([args, message]) => {
      const r = await flicctl(['--addr', NOWHERE, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, args.join(' ')).toContain(message);
    });
    // The same call with good arguments does go out (and finds nobody).
    const sent = await flicctl(['--addr', NOWHERE, '--json', 'enqueue-io', 'v', '--schid', '5', '--isc', '7']);
    expect(sent.status).toBe(1);
    expect(sent.stderr).toContain('UNAVAILABLE');
  });

  it('stops a batch at the first failure with its status, or runs on with --keep-going', async () => {
    const input = 'create-vm b1\nget-all b1\nlist-vms\n';
    const stopped = await flicctl(['--embedded', '--json', 'batch'], { input });
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain('ENODEV');
    expect(stopped.stdout).not.toContain('vmIds');
    const kept = await flicctl(['--embedded', '--json', 'batch', '--keep-going'], { input });
    expect(kept.status).toBe(1);
    expect(kept.stdout).toContain('"vmIds"');
  });
});
