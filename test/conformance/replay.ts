// Replays a conformance vector through any FLIC backend: the in-process Vm or a gRPC client.
// The caller says how to read the errno from a failure, so the server test can decode it from the
// status details the way another language would.
import type { FlicHost } from '../../src/device/types.js';
import type { Errno, Step, Vector } from './vectors.js';

export type ErrnoReader = (error: unknown) => string;

const MAX_BUFFER = 0x2000000n;

function hex(b: Uint8Array, limit = 96): string {
  return Buffer.from(b.subarray(0, limit)).toString('hex') + (b.length > limit ? `… (${b.length} bytes)` : '');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

async function outcome(run: () => unknown, errnoOf: ErrnoReader): Promise<{ value?: unknown; errno?: string }> {
  try {
    return { value: await run() };
  } catch (e) {
    return { errno: errnoOf(e) };
  }
}

async function runStep(host: FlicHost, vmId: string, step: Step, errnoOf: ErrnoReader): Promise<string | null> {
  const api = host.vm(vmId);
  if (step.op === 'create') {
    const r = await outcome(() => api.createDevice(step.type, step.flags), errnoOf);
    const want = step.expect;
    if (typeof want === 'boolean') return r.errno === undefined && r.value === want ? null : `expected ${want}, got ${r.errno ?? String(r.value)}`;
    return r.errno === want.errno ? null : `expected ${want.errno}, got ${r.errno ?? String(r.value)}`;
  }
  const call = { flags: step.flags ?? 0, group: step.group, attr: step.attr, data: step.data ?? new Uint8Array(0), badAddr: step.badAddr ?? false };
  const fn = step.op === 'set' ? () => api.setAttr(call) : step.op === 'get' ? () => api.getAttr(call) : () => api.hasAttr(call);
  const r = await outcome(fn, errnoOf);
  const want = step.expect;
  if ('errno' in want) return r.errno === want.errno ? null : `expected ${want.errno}, got ${r.errno ?? 'success'}`;
  if (r.errno !== undefined) return `expected ret ${want.ret}, got ${r.errno}`;
  const res = r.value as { ret: number; data: Uint8Array };
  if (res.ret !== want.ret) return `expected ret ${want.ret}, got ${res.ret}`;
  if (want.data !== undefined && !sameBytes(res.data, want.data)) return `expected data ${hex(want.data)}, got ${hex(res.data)}`;
  return null;
}

/** Run one vector on a fresh VM; returns the list of mismatches (empty when it conforms). */
export async function replay(host: FlicHost, vector: Vector, vmId: string, errnoOf: ErrnoReader): Promise<string[]> {
  const problems: string[] = [];
  await host.createVm(vmId, vector.config ?? {});
  const api = host.vm(vmId);
  if (vector.createDevice !== false) {
    const created = await api.createDevice(6, 0);
    if (created !== true) problems.push('createDevice did not create the FLIC');
  }
  for (const [i, step] of vector.steps.entries()) {
    const problem = await runStep(host, vmId, step, errnoOf);
    if (problem !== null) problems.push(`step ${i} (${step.op}${'group' in step ? ` group ${step.group} attr ${step.attr}` : ''}): ${problem}`);
  }
  const final = vector.final;
  if (final !== undefined) {
    const res = await api.getAttr({ flags: 0, group: 1, attr: MAX_BUFFER, data: new Uint8Array(0), badAddr: false });
    if ('records' in final) {
      const want = Buffer.concat(final.records.map((r) => Buffer.from(r)));
      if (res.ret !== final.records.length || !sameBytes(res.data, want)) {
        problems.push(`final GET_ALL: expected ${final.records.length} records ${hex(want)}, got ${res.ret}: ${hex(res.data)}`);
      }
    } else {
      if (res.ret !== final.count) problems.push(`final GET_ALL: expected ${final.count} records, got ${res.ret}`);
      if (final.last !== undefined && !sameBytes(res.data.subarray(res.data.length - 72), final.last)) {
        problems.push(`final GET_ALL: last record ${hex(res.data.subarray(res.data.length - 72))}, expected ${hex(final.last)}`);
      }
      const checked = final.check?.(res.data) ?? null;
      if (checked !== null) problems.push(`final GET_ALL: ${checked}`);
    }
  }
  await host.deleteVm(vmId);
  return problems;
}

export type { Errno };
