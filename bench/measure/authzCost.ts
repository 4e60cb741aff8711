// Section 12, in process: what the authorizer itself costs a unary ENQUEUE (identity from a bearer
// token, grant among 100 principals, quota reservation and settlement), without transport, so the
// figure holds on a busy machine where the ratios of section 12 drift.

import { Metadata, type ServerInterceptingCallInterface } from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { KVM_DEV_TYPE_FLIC, VmRegistry, encodeIrqs } from '../../src/device/index.js';
import { flicRequestRoutes } from '../../src/proto/flicRequests.js';
import { parseAuthzFile } from '../../src/server/security/authzFile.js';
import { Authorizer } from '../../src/server/security/authorizer.js';
import { ioIrq } from '../../test/support/workload.js';
import { alone, type Figure } from '../report/figures.js';
import type { BenchSizes } from './context.js';

const TOKEN = 'bench-token';
const VM = 'bench';

export function measureAuthzCost(sizes: BenchSizes): Figure[] {
  const others = Array.from({ length: 99 }, (_, i) => `  - { name: t-${i}, identities: ["cn:t-${i}"], vms: ["t-${i}/"] }`);
  const hash = createHash('sha256').update(TOKEN).digest('hex');
  const policy = parseAuthzFile(
    ['version: 1', 'principals:', ...others, '  - name: bench', `    identities: ["sha256:${hash}"]`, `    vms: ["${VM}"]`, '    quota: { pendingInterrupts: 1000000000 }', ''].join('\n'),
  );
  const vms = new VmRegistry();
  const authorizer = new Authorizer(policy, (id) => {
    try {
      return vms.get(id).flic?.depths().total ?? 0;
    } catch {
      return null;
    }
  });
  const routes = flicRequestRoutes();
  const create = routes.get('/flic.v1.Flic/CreateVm')!;
  const enqueue = routes.get('/flic.v1.Flic/Enqueue')!;
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${TOKEN}`);
  // A call without TLS: the token is its identity.
  const call = { getAuthContext: () => ({}) } as unknown as ServerInterceptingCallInterface;
  const caller = authorizer.authenticate(create.path, create, metadata, call);
  const owned = authorizer.authorize(create, caller as never, { vmId: VM });
  vms.createVm(VM);
  vms.get(VM).createDevice(KVM_DEV_TYPE_FLIC);
  if (owned !== null && !('status' in owned) && !('deviceError' in owned)) authorizer.finish(owned, 0);
  const request = { vmId: VM, records: encodeIrqs([ioIrq(5)]), count: 1 };
  const calls = sizes.quick ? 50_000 : 500_000;
  const rounds: number[] = [];
  for (let r = 0; r < sizes.rounds + 1; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const who = authorizer.authenticate(enqueue.path, enqueue, metadata, call);
      const ticket = authorizer.authorize(enqueue, who as never, request);
      if (ticket === null || 'status' in ticket || 'deviceError' in ticket) throw new Error('the bench principal was refused');
      authorizer.finish(ticket, 0);
    }
    // The first round warms up the JIT.
    if (r > 0) rounds.push(((performance.now() - t0) * 1000) / calls);
  }
  return [
    alone(
      {
        id: 'security.authorizer.perCall',
        section: '12 security',
        name: 'authorization of one unary ENQUEUE, in process (token identity, grant among 100 principals, quota reserved and settled)',
        unit: 'µs',
        target: null,
        note: `median of ${sizes.rounds} rounds of ${calls.toLocaleString('en-US')} calls; the server's own CPU per call is 60-200 µs`,
      },
      rounds,
    ),
  ];
}
