// A real Prometheus server (Debian's prometheus package) scraping a real flic (the built server as
// a process), both on loopback. Known interrupts are enqueued; Prometheus's HTTP API must then
// report, per VM and queue, exactly what GET_ALL_IRQS returns. It also loads the shipped alerting
// rules, and evaluates the PromQL the dashboard uses.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FlicClient } from '../../src/client/flicClient.js';
import {
  KVM_DEV_TYPE_FLIC,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MCHK,
  MCHK_CR14_KEPT,
  iscFromIntWord,
  iscToIntWord,
  ioType,
} from '../../src/device/abi/index.js';
import type { Irq } from '../../src/device/types.js';
import { commandCheck } from '../support/systemTool.js';
import { ext, MCHK } from '../support/typedRecords.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO, 'dist', 'src', 'server', 'main.js');
const RULES = path.join(REPO, 'deploy', 'prometheus', 'flic-rules.yaml');
const DASHBOARD = path.join(REPO, 'deploy', 'grafana', 'flic-dashboard.json');

const prometheusBinary = commandCheck('prometheus e2e', 'prometheus', ['--version'], 'Debian package prometheus');

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function waitForLine(child: ChildProcess, test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      for (const l of out.split('\n')) {
        if (!l.startsWith('{')) continue;
        const entry = JSON.parse(l) as Record<string, unknown>;
        if (test(entry)) resolve(entry);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

function record(irq: Irq): string {
  if (irq.kind === 'io') return `io/${iscFromIntWord(irq.ioIntWord)}`;
  const names: Record<string, string> = {
    [KVM_S390_INT_SERVICE]: 'service',
    [KVM_S390_INT_VIRTIO]: 'virtio',
    [KVM_S390_INT_PFAULT_DONE]: 'pfault',
    [KVM_S390_MCHK]: 'mchk',
  };
  const name = names[String(irq.type)];
  if (name === undefined) throw new Error(`unexpected record type ${irq.type}`);
  return name;
}

const io = (isc: number, nr: number): Irq => ({
  kind: 'io',
  type: ioType(0, 0, nr),
  subchannelId: 0,
  subchannelNr: nr,
  ioIntParm: nr,
  ioIntWord: iscToIntWord(isc),
});

describe.skipIf(!prometheusBinary.run)('Prometheus scraping flic', () => {
  let flic: ChildProcess;
  let prometheus: ChildProcess;
  let client: FlicClient;
  let dir: string;
  let promUrl: string;
  let prometheusLog = '';

  async function query(expr: string): Promise<PromVector[]> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; data?: { resultType: string; result: PromVector[] }; error?: string };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    return body.data?.result ?? [];
  }

  /** Asks until `check` passes on the answer (Prometheus scrapes every second). */
  async function eventually<T>(expr: string, check: (r: PromVector[]) => T): Promise<T> {
    let last: unknown;
    for (let attempt = 0; attempt < 60; attempt++) {
      const r = await query(expr);
      try {
        return check(r);
      } catch (err) {
        last = err;
      }
      await sleep(500);
    }
    throw new Error(`${expr}: ${String(last)}\nprometheus log:\n${prometheusLog}`);
  }

  beforeAll(async () => {
    prometheusBinary.assertPresent();
    dir = mkdtempSync(path.join(tmpdir(), 'flic-prometheus-'));
    flic = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env['PATH'] ?? '',
        FLIC_HOST: '127.0.0.1',
        FLIC_PORT: '0',
        FLIC_METRICS_HOST: '127.0.0.1',
        FLIC_METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const listening = await waitForLine(flic, (l) => l['msg'] === 'flic listening');
    client = new FlicClient(`127.0.0.1:${listening['port'] as number}`);

    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [RULES],
        scrape_configs: [{ job_name: 'flic', static_configs: [{ targets: [`127.0.0.1:${listening['metricsPort'] as number}`] }] }],
      }),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (c: Buffer) => (prometheusLog += c.toString('utf8')));
    prometheus.stderr?.on('data', (c: Buffer) => (prometheusLog += c.toString('utf8')));
    for (let attempt = 0; ; attempt++) {
      const ready = await fetch(`${promUrl}/-/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (attempt > 120 || prometheus.exitCode !== null) throw new Error(`prometheus did not get ready:\n${prometheusLog}`);
      await sleep(250);
    }
  });

  afterAll(async () => {
    client?.close();
    const stopped = (c: ChildProcess | undefined): Promise<void> =>
      c === undefined || c.exitCode !== null || c.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => {
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          });
    await Promise.all([stopped(prometheus), stopped(flic)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the pending interrupts per VM and queue exactly as GET_ALL_IRQS returns them', async () => {
    const plan: Record<string, Irq[][]> = {
      'vm-a': [[io(1, 1), io(1, 2), io(6, 3)], [ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_VIRTIO)]],
      'vm-b': [
        [ext(KVM_S390_INT_SERVICE, 8)],
        [
          MCHK(BigInt(MCHK_CR14_KEPT), 1n),
          ext(KVM_S390_INT_PFAULT_DONE),
          ext(KVM_S390_INT_PFAULT_DONE),
          io(7, 9),
        ],
      ],
    };
    const expected = new Map<string, number>();
    for (const [vm, batches] of Object.entries(plan)) {
      await client.createVm(vm);
      await client.vm(vm).createDevice(KVM_DEV_TYPE_FLIC);
      for (const batch of batches) await client.vm(vm).enqueue(batch);
      for (const irq of await client.vm(vm).getAllIrqs()) {
        const key = `${vm} ${record(irq)}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    expect(expected.get('vm-a io/1')).toBe(2);

    await eventually('flic_vm_pending_interrupts{job="flic"} > 0', (result) => {
      const seen = new Map(
        result.map((r) => [
          `${r.metric['vm']} ${r.metric['queue']}${r.metric['isc'] === undefined ? '' : `/${r.metric['isc']}`}`,
          Number(r.value[1]),
        ]),
      );
      expect(seen).toEqual(expected);
    });
    // Every VM's queues are there, zeros included: 8 I/O ISCs + service, virtio, pfault, mchk.
    const all = await query('count by (vm) (flic_vm_pending_interrupts{job="flic"})');
    expect(Object.fromEntries(all.map((r) => [r.metric['vm'], r.value[1]]))).toEqual({ 'vm-a': '12', 'vm-b': '12' });
    // The aggregate without the vm label equals the sum over VMs.
    const total = await query('sum(flic_pending_interrupts{job="flic"})');
    expect(Number(total[0]?.value[1])).toBe([...expected.values()].reduce((a, b) => a + b, 0));
  });

  it('has the gRPC series, the totals and the target up, and the dashboard queries evaluate', async () => {
    await eventually('up{job="flic"}', (r) => expect(r.map((x) => x.value[1])).toEqual(['1']));
    await eventually('grpc_server_handled_total{job="flic",grpc_method="Enqueue",grpc_code="OK"}', (r) =>
      expect(r.map((x) => x.value[1])).toEqual(['4']),
    );
    await eventually('flic_interrupts_injected_total{job="flic",class="io"}', (r) =>
      expect(r.map((x) => x.value[1])).toEqual(['4']),
    );
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
    expect(exprs.length).toBeGreaterThan(5);
    for (const { title, expr } of exprs) {
      // Grafana's variables, as the dashboard would fill them in.
      const concrete = expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$job', 'flic')
        .replaceAll('$instance', '.*')
        .replaceAll('$vm', '.*');
      await expect(query(concrete), `${title}: ${concrete}`).resolves.toBeDefined();
    }
  });

  it('loads the shipped alerting rules', async () => {
    const res = await fetch(`${promUrl}/api/v1/rules`);
    const body = (await res.json()) as { data: { groups: { name: string; rules: { name: string; health: string }[] }[] } };
    const group = body.data.groups.find((g) => g.name === 'flic');
    expect(group?.rules.map((r) => r.name)).toContain('FlicQueueNearLimit');
    expect(group?.rules.every((r) => r.health !== 'err')).toBe(true);
  });
});
