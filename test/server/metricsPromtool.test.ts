// promtool (Debian's prometheus package) on what flic serves and ships: a real scrape of /metrics
// after real traffic, and deploy/prometheus/flic-rules.yaml (syntax, and alert behaviour with
// promtool's rule unit tests).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FlicClient } from '../../src/client/flicClient.js';
import {
  KVM_DEV_TYPE_FLIC,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  iscToIntWord,
  ioType,
} from '../../src/device/abi/index.js';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import { commandCheck } from '../support/systemTool.js';
import { testServiceConfig } from './fixture.js';

const RULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/prometheus/flic-rules.yaml');

const promtool = commandCheck('metricsPromtool', 'promtool', ['--version'], 'Debian package prometheus');

function runPromtool(args: string[], input?: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { input, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!promtool.run)('promtool', () => {
  let flic: RunningService;
  let client: FlicClient;
  let dir: string;

  beforeAll(async () => {
    promtool.assertPresent();
    dir = mkdtempSync(path.join(tmpdir(), 'flic-promtool-'));
    flic = await startService(testServiceConfig());
    client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
  });

  afterAll(async () => {
    client.close();
    await flic.stop('test done');
    rmSync(dir, { recursive: true, force: true });
  });

  it('check metrics: the /metrics text passes, with every series family present', async () => {
    await client.createVm('vm"quoted\\id');
    await client.vm('vm"quoted\\id').createDevice(KVM_DEV_TYPE_FLIC);
    await client.createVm('plain');
    await client.vm('plain').createDevice(KVM_DEV_TYPE_FLIC);
    await client.vm('plain').enqueue([
      { kind: 'io', type: ioType(0, 0, 9), subchannelId: 0, subchannelNr: 9, ioIntParm: 1, ioIntWord: iscToIntWord(2) },
      { kind: 'ext', type: BigInt(KVM_S390_INT_SERVICE), extParams: 8, pad: 0, extParams2: 0n },
      { kind: 'ext', type: BigInt(KVM_S390_INT_VIRTIO), extParams: 0, pad: 0, extParams2: 0n },
    ]);
    await expect(client.createVm('plain')).rejects.toThrow();

    const text = await (await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`)).text();
    for (const family of [
      'grpc_server_started_total',
      'grpc_server_handled_total',
      'grpc_server_handling_seconds',
      'grpc_server_msg_received_total',
      'grpc_server_msg_sent_total',
      'flic_grpc_requests_refused_total',
      'flic_vm_pending_interrupts',
      'flic_pending_interrupts',
      'flic_vm_queue_limit',
      'flic_queue_fill_ratio_max',
      'flic_interrupts_injected_total',
      'flic_interrupts_suppressed_total',
      'flic_interrupts_cleared_total',
      'flic_interrupts_coalesced_total',
      'flic_device_errors_total',
      'flic_vms',
      'flic_devices',
      'flic_adapters',
      'flic_metrics_vm_series_limit',
      'flic_metrics_vm_series_limited',
      'flic_pending_interrupt_budget_bytes',
      'flic_pending_interrupt_bytes',
      'flic_heavy_calls',
      'flic_grpc_connections',
      'flic_server_limit_hits_total',
      'flic_metrics_expositions_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, family).toContain(`# TYPE ${family} `);
    }
    expect(text).toContain('vm="vm\\"quoted\\\\id"');
    const r = runPromtool(['check', 'metrics'], text);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('check rules: the alerting rules are valid', () => {
    const r = runPromtool(['check', 'rules', RULES]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('test rules: the alerts fire when they should, and only then', () => {
    const a = 'a:9464';
    const series = (name: string, labels: Record<string, string>, values: string): { series: string; values: string } => ({
      series: `${name}{${Object.entries({ job: 'flic', instance: a, ...labels })
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}}`,
      values,
    });
    const nearLimit = (queue: string, percent: string): object => ({
      exp_labels: { severity: 'warning', job: 'flic', instance: a, queue },
      exp_annotations: {
        summary: `flic ${a}: a VM's ${queue} queue is over 90% of its kernel limit`,
        description:
          `The fullest ${queue} queue on ${a} is at ${percent} of its limit. At 100% further injections fail with EBUSY. ` +
          `Find the VM with: topk(5, sum by (vm) (flic_vm_pending_interrupts{queue="${queue}"}) / on (vm) group_left flic_vm_queue_limit{queue="${queue}"}).`,
      },
    });
    const tests = {
      rule_files: [RULES],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            series('flic_queue_fill_ratio_max', { queue: 'io' }, '0.5 0.95x10'),
            series('flic_queue_fill_ratio_max', { queue: 'virtio' }, '0.1x12'),
            series('flic_queue_fill_ratio_max', { queue: 'pfault' }, '1x12'),
          ],
          alert_rule_test: [
            // pfault has been full for 5 minutes; io over 90% for 4 only: not yet
            { eval_time: '5m', alertname: 'FlicQueueNearLimit', exp_alerts: [nearLimit('pfault', '100%')] },
            { eval_time: '7m', alertname: 'FlicQueueNearLimit', exp_alerts: [nearLimit('io', '95%'), nearLimit('pfault', '100%')] },
            {
              eval_time: '2m',
              alertname: 'FlicQueueFull',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', job: 'flic', instance: a, queue: 'pfault' },
                  exp_annotations: {
                    summary: `flic ${a}: a VM's pfault queue is full`,
                    description: 'Injections into that queue fail with EBUSY until the guest (or a client) drains it.',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [
            series('flic_device_errors_total', { errno: 'EBUSY', group: 'KVM_DEV_FLIC_ENQUEUE' }, '0+120x20'),
            series('flic_device_errors_total', { errno: 'EINVAL', group: 'KVM_DEV_FLIC_ENQUEUE' }, '0+30x20'),
            series('up', {}, '1x20'),
          ],
          alert_rule_test: [
            {
              eval_time: '16m',
              alertname: 'FlicDeviceErrorRate',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'flic', instance: a, errno: 'EBUSY' },
                  exp_annotations: {
                    summary: `flic ${a}: EBUSY errors at 2/s`,
                    description:
                      'The device has answered EBUSY more than once a second for 10 minutes. Break it down with: ' +
                      'sum by (group) (rate(flic_device_errors_total{errno="EBUSY"}[5m])).',
                  },
                },
              ],
            },
            { eval_time: '16m', alertname: 'FlicDown', exp_alerts: [] },
            { eval_time: '16m', alertname: 'FlicAbsent', exp_alerts: [] },
          ],
        },
        {
          interval: '1m',
          input_series: [
            series('up', {}, '1 1 0 0 0'),
            series(
              'grpc_server_handled_total',
              { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'Enqueue', grpc_code: 'Internal' },
              '0 0 1 1 1',
            ),
            // A malformed request is InvalidArgument: it must not fire FlicInternalErrors.
            series(
              'grpc_server_handled_total',
              { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'DeleteVm', grpc_code: 'InvalidArgument' },
              '0+10x4',
            ),
            series('flic_metrics_vm_series_limited', {}, '1x40'),
            series('flic_metrics_vm_series_limit', {}, '1000x40'),
          ],
          alert_rule_test: [
            {
              eval_time: '4m',
              alertname: 'FlicDown',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', job: 'flic', instance: a },
                  exp_annotations: {
                    summary: `flic ${a} is down`,
                    description: `Prometheus cannot scrape ${a}; its VMs are unreachable.`,
                  },
                },
              ],
            },
            {
              eval_time: '3m',
              alertname: 'FlicInternalErrors',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', job: 'flic', instance: a, grpc_method: 'Enqueue' },
                  exp_annotations: {
                    summary: `flic ${a}: Enqueue answered INTERNAL`,
                    description: "A handler threw something other than a KvmError; the stack is in the server's log.",
                  },
                },
              ],
            },
            {
              eval_time: '35m',
              alertname: 'FlicMetricsVmSeriesLimited',
              exp_alerts: [
                {
                  exp_labels: { severity: 'info', job: 'flic', instance: a },
                  exp_annotations: {
                    summary: `flic ${a} exports per-VM series for only the first 1000 VMs`,
                    description:
                      'More VMs have a FLIC than --metrics-max-vms allows per-VM series for. Aggregates ' +
                      '(flic_pending_interrupts, flic_queue_fill_ratio_max, totals) still cover every VM.',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [
            series('flic_pending_interrupt_budget_bytes', {}, '1000x12'),
            series('flic_pending_interrupt_bytes', {}, '500 950x11'),
          ],
          alert_rule_test: [
            // Over 90% for 4 minutes: not yet; for 5: fires.
            { eval_time: '4m', alertname: 'FlicPendingMemoryNearBudget', exp_alerts: [] },
            {
              eval_time: '6m',
              alertname: 'FlicPendingMemoryNearBudget',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'flic', instance: a },
                  exp_annotations: {
                    summary: `flic ${a}: pending interrupts hold 95% of their memory budget`,
                    description:
                      'Past the budget (--max-pending-bytes) ENQUEUE, AIRQ_INJECT and ReinjectIo fail with ENOMEM. Empty or delete VMs ' +
                      '(an I/O queue keeps its memory until its VM is deleted), or give the replica more memory.',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [
            series('flic_grpc_requests_refused_total', { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'Enqueue', reason: 'limit' }, '0+60x30'),
            series('flic_grpc_requests_refused_total', { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'DeleteVm', reason: 'undecodable' }, '0+60x5 300x25'),
            // Authorization's refusals go to their own alert; quota refusals to none.
            series('flic_grpc_requests_refused_total', { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'Inspect', reason: 'permission_denied' }, '0+60x30'),
            series('flic_grpc_requests_refused_total', { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: 'Enqueue', reason: 'quota' }, '0+60x30'),
          ],
          alert_rule_test: [
            // Both refuse for 5 minutes: not yet; only the steady one lasts 15.
            { eval_time: '10m', alertname: 'FlicMalformedRequests', exp_alerts: [] },
            {
              eval_time: '25m',
              alertname: 'FlicMalformedRequests',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'flic', instance: a, reason: 'limit' },
                  exp_annotations: {
                    summary: `flic ${a}: requests refused before their handler (limit)`,
                    description:
                      'For 15 minutes a client has sent requests that flic refuses before running them (limit, 1/s). ' +
                      'Find the method with: sum by (grpc_method) (rate(flic_grpc_requests_refused_total{reason="limit"}[5m])).',
                  },
                },
              ],
            },
            { eval_time: '25m', alertname: 'FlicInternalErrors', exp_alerts: [] },
            {
              eval_time: '25m',
              alertname: 'FlicAuthorizationRefusals',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', job: 'flic', instance: a, reason: 'permission_denied' },
                  exp_annotations: {
                    summary: `flic ${a}: calls refused by authorization (permission_denied)`,
                    description:
                      'For 15 minutes callers have been refused by authorization (permission_denied, 1/s). The server\'s log ' +
                      'has each refusal at debug level; find the method with: ' +
                      'sum by (grpc_method) (rate(flic_grpc_requests_refused_total{reason="permission_denied"}[5m])).',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [{ series: 'up{job="other", instance="b:80"}', values: '1x10' }],
          alert_rule_test: [
            {
              eval_time: '6m',
              alertname: 'FlicAbsent',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical' },
                  exp_annotations: {
                    summary: 'No flic target is being scraped',
                    description:
                      'No scrape target has a job matching flic.*; flic is not deployed or its ServiceMonitor is missing.',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = path.join(dir, 'flic-rules.test.yaml');
    writeFileSync(file, stringify(tests));
    const r = runPromtool(['test', 'rules', file]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
