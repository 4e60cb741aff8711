// flicctl against the real server, in-process (its output is JSON).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlicctl } from '../../src/client/flicctl.js';
import { startTestServer, type TestServer } from '../server/fixture.js';

let running: TestServer;
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(async () => {
  await running.close();
});

async function ctl(...args: string[]): Promise<{ code: number; out: unknown; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runFlicctl(['--addr', running.target, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.length > 0 ? JSON.parse(out.join('\n')) : undefined, err: err.join('\n') };
}

describe('flicctl', () => {
  it('creates a VM and its FLIC, enqueues, reads back, inspects and clears', async () => {
    expect(await ctl('create-vm', 'v1', '--ais', '--max-vcpus', '4')).toMatchObject({ code: 0, out: { ok: true } });
    expect((await ctl('list-vms')).out).toEqual({ vmIds: ['v1'] });
    expect((await ctl('create-device', 'v1')).out).toEqual({ created: true });
    expect((await ctl('create-device', 'v1', '--test')).out).toEqual({ created: false });
    expect((await ctl('enqueue-io', 'v1', '--schid', '5', '--isc', '3', '--parm', '0xa1')).code).toBe(0);
    expect((await ctl('get-all', 'v1')).out).toEqual({
      irqs: [
        {
          kind: 'io',
          type: String(0x03f80005),
          subchannelId: 0xfe01,
          subchannelNr: 5,
          ioIntParm: 0xa1,
          ioIntWord: 0x18000000,
        },
      ],
    });
    const inspected = (await ctl('inspect', 'v1')).out as { config: { ais: boolean; maxVcpus: number }; depths: { total: number } };
    expect(inspected.config).toMatchObject({ ais: true, maxVcpus: 4 });
    expect(inspected.depths.total).toBe(1);
    expect((await ctl('clear', 'v1')).code).toBe(0);
    expect((await ctl('get-all', 'v1')).out).toEqual({ irqs: [] });
    expect((await ctl('delete-vm', 'v1')).code).toBe(0);
  });

  it('prints a device error as JSON on stderr and exits 1', async () => {
    const r = await ctl('get-all', 'ghost');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err)).toEqual({
      error: { errno: 2, errnoName: 'ENOENT', group: 'VM', message: 'VM: ENOENT: no VM ghost', metadata: {} },
    });
  });

  it('rejects a bad option with a usage error', async () => {
    const r = await ctl('enqueue-io', 'v1', '--schid', 'x', '--isc', '1');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--schid');
  });
});
