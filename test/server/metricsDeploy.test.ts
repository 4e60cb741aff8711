// The alerting rules and the Grafana dashboard only name series that a real flic exports (a typo
// in a metric name would make an alert or a panel silently empty). Runs without Prometheus.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import { testServiceConfig } from './fixture.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULES = path.join(REPO, 'deploy', 'prometheus', 'flic-rules.yaml');
const DASHBOARD = path.join(REPO, 'deploy', 'grafana', 'flic-dashboard.json');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string; refId: string }[];
}

/** Series names in a PromQL expression: identifiers followed by `{` (as these files write them). */
function seriesNames(expr: string): string[] {
  return [...expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\{/g)].map((m) => m[1]!);
}

/** The family a sample name belongs to (histogram parts belong to the histogram). */
function family(name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '');
}

let flic: RunningService;
let exported: Set<string>;

beforeAll(async () => {
  flic = await startService(testServiceConfig());
  const text = await (await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`)).text();
  exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
  // Prometheus adds these to every target itself.
  exported.add('up');
});

afterAll(async () => {
  await flic.stop('test done');
});

describe('deploy/ artefacts name real series', () => {
  it('every series an alerting rule uses is exported', () => {
    const rules = parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const exprs = rules.groups.flatMap((g) => g.rules);
    expect(exprs.length).toBeGreaterThanOrEqual(5);
    for (const { alert, expr } of exprs) {
      const names = seriesNames(expr);
      expect(names.length, alert).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(family(name)), `${alert}: ${name}`).toBe(true);
    }
  });

  it('every series a dashboard panel or variable uses is exported; panels are well formed', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      uid: string;
      panels: Panel[];
      templating: { list: { name: string; definition?: string }[] };
    };
    expect(dashboard.uid).toBe('flic-overview');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queries = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const p of queries) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        const names = seriesNames(t.expr);
        expect(names.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
        for (const name of names) expect(exported.has(family(name)), `${p.title}: ${name}`).toBe(true);
      }
    }
    for (const v of dashboard.templating.list) {
      for (const name of seriesNames(v.definition ?? '')) expect(exported.has(family(name)), `$${v.name}: ${name}`).toBe(true);
    }
    // What the issue asks the dashboard to show.
    const all = queries.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    expect(all).toContain('flic_vm_pending_interrupts');
    expect(all).toMatch(/sum by \(isc\) \(flic_pending_interrupts/);
    expect(all).toContain('rate(flic_interrupts_injected_total');
    expect(all).toContain('rate(flic_interrupts_suppressed_total');
    expect(all).toContain('sum by (errno) (rate(flic_device_errors_total');
    expect(all).toContain('rate(grpc_server_handled_total');
    expect(all).toContain('histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket');
  });
});
