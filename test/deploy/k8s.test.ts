// deploy/k8s offline: every object validates with kubernetes-models, every field exists in the
// models' typings, and the objects agree with each other, with the Dockerfile and with the server's
// --help, for the base and for every overlay.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile, runtimeUid } from './dockerfile.js';
import { createFieldChecker, MODEL_TYPES, type CheckedKind, type FieldChecker } from './fieldCheck.js';
import { commandCheck } from '../support/systemTool.js';
import { render } from './kustomize.js';
import {
  ENVOY_YAML,
  K8S_BASE,
  K8S_FARM,
  asK8sObject,
  at,
  list,
  loadYaml,
  objectKey,
  rel,
  yamlFiles,
  type Json,
  type K8sObject,
} from './manifests.js';
import { farmOf, memoryBytes } from './farmShape.js';
import { flagOfEnv, serverHelp, type ServerHelp } from './serverHelp.js';
import { DEFAULT_MAX_VMS } from '../../src/device/vmRegistry.js';
import { DEFAULT_SERVICE_CONFIG } from '../../src/server/config.js';
import { PER_VM_SERIES_MAX } from '../../src/server/deviceSnapshot.js';
import { PENDING_BUDGET_SHARE } from '../../src/server/memoryLimit.js';

const MODELS: Record<CheckedKind, { apiVersion: string; create: (o: K8sObject) => { validate(): void } }> = {
  Namespace: { apiVersion: Namespace.apiVersion, create: (o) => new Namespace(o as never) },
  ConfigMap: { apiVersion: ConfigMap.apiVersion, create: (o) => new ConfigMap(o as never) },
  Service: { apiVersion: Service.apiVersion, create: (o) => new Service(o as never) },
  StatefulSet: { apiVersion: StatefulSet.apiVersion, create: (o) => new StatefulSet(o as never) },
  PodDisruptionBudget: { apiVersion: PodDisruptionBudget.apiVersion, create: (o) => new PodDisruptionBudget(o as never) },
  NetworkPolicy: { apiVersion: NetworkPolicy.apiVersion, create: (o) => new NetworkPolicy(o as never) },
  ServiceMonitor: { apiVersion: ServiceMonitor.apiVersion, create: (o) => new ServiceMonitor(o as never) },
  Certificate: { apiVersion: Certificate.apiVersion, create: (o) => new Certificate(o as never) },
  Issuer: { apiVersion: Issuer.apiVersion, create: (o) => new Issuer(o as never) },
};

/** The kinds of the base, one object each; the overlays with TLS add cert-manager's and the authz ConfigMap. */
const BASE_KINDS = ['ConfigMap', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceMonitor', 'StatefulSet'];
const TLS_KINDS = ['Certificate', 'Certificate', 'Certificate', 'ConfigMap', 'Issuer', 'Issuer'];

const K8S_DIR = join(K8S_BASE, '..');
const OVERLAYS = readdirSync(join(K8S_DIR, 'overlays')).map((d) => join(K8S_DIR, 'overlays', d));
const TARGETS = [K8S_BASE, ...OVERLAYS].map((dir) => ({ name: rel(dir), dir, rendering: render(dir) }));
const kubectlBinary = commandCheck('k8s kustomize comparison', 'kubectl', ['version', '--client'], 'kubectl from Kubernetes');
// Environment the container may get that is not a server flag.
const NON_FLAG_ENV = new Set(['NODE_OPTIONS']);
/**
 * Memory a replica needs besides the V8 heap and the pending interrupts: Node itself (about
 * 50 MB), heavy replies in flight (two slots of up to 40 MB), the metrics exposition and its gzip
 * form (about 5 MB at 5,000 per-VM VMs) and a thousand connections (about 20 MB); rounded up.
 */
const PROCESS_RESERVE_BYTES = 256 * 2 ** 20;
/** Heap per idle VM with a FLIC (bench section 5: about 1.2 KB), rounded up. */
const IDLE_VM_HEAP_BYTES = 1280;
/**
 * Per-VM series one replica's scrape should carry at most (deploy/README.md, Settings): every
 * sample is stored by Prometheus for each replica, and 125,000 keeps a scrape at about 5 MB of
 * text (0.2 MB gzipped) and 50 ms of the replica's main thread.
 */
const SERIES_PER_REPLICA = 125_000;

let checkFields: FieldChecker;
beforeAll(() => {
  checkFields = createFieldChecker();
});
let help: ServerHelp | undefined;
// Run once, and only by the test that needs it, so a missing build fails that test alone.
const serverHelpOnce = (): ServerHelp => (help ??= serverHelp());

describe('YAML under deploy/', () => {
  it('parses every document of every file', () => {
    const files = yamlFiles();
    expect(files).toContain(ENVOY_YAML);
    for (const file of files) expect(loadYaml(file).length, rel(file)).toBeGreaterThan(0);
  });

  it('uses every file under deploy/k8s in the base or an overlay', () => {
    const used = new Set(TARGETS.flatMap((t) => [...t.rendering.files]));
    expect(yamlFiles(K8S_DIR).filter((f) => !used.has(f)).map(rel)).toEqual([]);
  });

  it('the overlays include the farm overlay', () => {
    expect(OVERLAYS).toContain(K8S_FARM);
  });

  it('the field check rejects misspelt fields and accepts real ones', () => {
    const pod = { containers: [{ name: 'a', readinessProbe: { grpc: { port: 1 } } }] };
    expect(checkFields('StatefulSet', { spec: { template: { spec: pod } } })).toEqual([]);
    expect(checkFields('StatefulSet', { spec: { replicaz: 3, template: { spec: { containers: [{ readinesProbe: {} }] } } } })).toEqual([
      'spec.replicaz: not a field of the model',
      'spec.template.spec.containers[0].readinesProbe: not a field of the model',
    ]);
    expect(checkFields('ServiceMonitor', { spec: { endpoints: [{ prot: 'metrics' }] } })).toEqual([
      'spec.endpoints[0].prot: not a field of the model',
    ]);
  });
});

describe.each(TARGETS)('$name', ({ dir, rendering }) => {
  const objects = rendering.objects;
  const farm = farmOf(objects);

  it('has exactly the objects flic needs: one of each kind, and with TLS the certificates and the authz file', () => {
    const kinds = farm.env.FLIC_TLS_CERT === undefined ? BASE_KINDS : [...BASE_KINDS, ...TLS_KINDS];
    expect(objects.map((o) => o.kind).sort()).toEqual(kinds.sort());
    for (const kind of new Set(kinds)) expect(Object.keys(MODEL_TYPES)).toContain(kind);
  });

  it.each(objects.map((o) => [objectKey(o), o] as const))('%s validates with kubernetes-models', (_, o) => {
    const model = MODELS[o.kind as CheckedKind];
    expect(o.apiVersion).toBe(model.apiVersion);
    expect(() => model.create(o).validate()).not.toThrow();
  });

  it.each(objects.map((o) => [objectKey(o), o] as const))('%s uses only fields the model declares', (_, o) => {
    expect(checkFields(o.kind as CheckedKind, o)).toEqual([]);
  });

  it('puts everything in its own Namespace', () => {
    const ns = farm.namespace.metadata.name;
    for (const o of objects) if (o !== farm.namespace) expect(o.metadata.namespace, objectKey(o)).toBe(ns);
  });

  it('selects the StatefulSet pods from the Service, PDB, NetworkPolicy and the StatefulSet itself', () => {
    const pod = farm.podLabels;
    expect(Object.keys(pod).length).toBeGreaterThan(0);
    for (const [what, selector] of [
      ['Service', farm.serviceSelector],
      ['StatefulSet', farm.stsSelector],
      ['PodDisruptionBudget', farm.pdbSelector],
      ['NetworkPolicy', farm.netpolSelector],
    ] as const) {
      expect(Object.keys(selector).length, what).toBeGreaterThan(0);
      expect(pod, what).toMatchObject(selector);
    }
  });

  it('runs the StatefulSet behind its headless Service, in parallel, one disruption at a time', () => {
    expect(at(farm.sts, 'spec', 'serviceName')).toBe(farm.service.metadata.name);
    expect(at(farm.service, 'spec', 'clusterIP')).toBe('None');
    expect(at(farm.sts, 'spec', 'podManagementPolicy')).toBe('Parallel');
    expect(at(farm.pdb, 'spec', 'maxUnavailable')).toBe(1);
  });

  it('matches probe, Service, NetworkPolicy and config ports to the container ports', () => {
    const grpc = farm.containerPort('grpc');
    const metrics = farm.containerPort('metrics');
    // Kubernetes' gRPC probes speak plaintext: with TLS on the gRPC port they probe the health-only port.
    const probed = farm.env.FLIC_TLS_CERT === undefined ? grpc : farm.containerPort('health');
    if (farm.env.FLIC_TLS_CERT !== undefined) expect(farm.env.FLIC_HEALTH_PORT).toBe(String(probed));
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(at(farm.container, probe, 'grpc', 'port'), probe).toBe(probed);
    }
    for (const port of farm.servicePorts) {
      const target = port.targetPort;
      const targetNumber = typeof target === 'string' ? farm.containerPort(target) : target;
      expect(port.port, `Service port ${port.name}`).toBe(targetNumber);
    }
    expect(farm.servicePorts.find((p) => p.name === 'grpc')).toMatchObject({ port: grpc, appProtocol: 'grpc' });
    expect(farm.servicePorts.find((p) => p.name === 'metrics')).toMatchObject({ port: metrics });
    expect(farm.env.FLIC_PORT).toBe(String(grpc));
    expect(farm.env.FLIC_METRICS_PORT).toBe(String(metrics));
    expect(farm.ingressPorts({ podSelector: { 'flic.s390.dev/client': 'true' } })).toEqual([grpc]);
    expect(farm.ingressPorts({ namespaceSelector: { 'kubernetes.io/metadata.name': 'monitoring' } })).toEqual([metrics]);
  });

  it('is scraped by the ServiceMonitor through the Service', () => {
    expect(farm.service.metadata.labels).toMatchObject(farm.serviceMonitorSelector);
    const names = farm.servicePorts.map((p) => p.name);
    const endpoints = farm.serviceMonitorPorts;
    expect(endpoints.length).toBeGreaterThan(0);
    for (const port of endpoints) expect(names).toContain(port);
  });

  it('passes only flags and FLIC_* variables that the server --help lists', () => {
    const help = serverHelpOnce();
    const used = [...farm.envNames];
    expect(used.length).toBeGreaterThan(0);
    const helpNamesEnv = help.text.includes('FLIC_');
    for (const name of used) {
      if (NON_FLAG_ENV.has(name)) continue;
      expect(name, 'only FLIC_* variables configure the server').toMatch(/^FLIC_[A-Z0-9_]+$/);
      expect([...help.flags], `${name} is ${flagOfEnv(name)}`).toContain(flagOfEnv(name));
      if (helpNamesEnv) expect(help.text, `${name} in --help`).toContain(name);
    }
    for (const flag of farm.argFlags) expect([...help.flags]).toContain(flag);
    expect(farm.env.FLIC_LOG_LEVEL ?? 'info').toMatch(/^(fatal|error|warn|info|debug|trace|silent)$/);
    for (const name of ['FLIC_PORT', 'FLIC_METRICS_PORT', 'FLIC_METRICS_MAX_VMS', 'FLIC_MAX_VMS', 'FLIC_SHUTDOWN_GRACE', 'FLIC_MAX_PENDING_BYTES']) {
      if (farm.env[name] !== undefined) expect(farm.env[name], name).toMatch(/^\d+$/);
    }
  });

  it('keeps the state directory on a claim of its own pod, writable by the server, kept on scale-down', () => {
    const dir = farm.env.FLIC_STATE_DIR;
    expect(dir, 'FLIC_STATE_DIR').toMatch(/^\//);
    const claimNames = Object.keys(farm.claims);
    expect(claimNames.length).toBeGreaterThan(0);
    // Every claim is mounted, and the state directory lies on one (the root filesystem is read-only).
    for (const name of claimNames) expect(farm.mounts[name], `claim ${name} is mounted`).toBeDefined();
    const on = claimNames.filter((name) => dir === farm.mounts[name] || dir?.startsWith(`${farm.mounts[name]}/`));
    expect(on, `${dir} is on a claim`).toHaveLength(1);
    for (const c of list(at(farm.sts, 'spec', 'volumeClaimTemplates'))) {
      expect(at(c, 'spec', 'accessModes')).toEqual(['ReadWriteOnce']);
      expect(memoryBytes(String(at(c, 'spec', 'resources', 'requests', 'storage')))).toBeGreaterThanOrEqual(2 ** 30);
    }
    const pod = at(farm.sts, 'spec', 'template', 'spec');
    expect(at(pod, 'securityContext', 'fsGroup'), 'fsGroup lets the server write its volume').toBe(at(pod, 'securityContext', 'runAsGroup'));
    expect(at(farm.sts, 'spec', 'persistentVolumeClaimRetentionPolicy')).toEqual({ whenScaled: 'Retain', whenDeleted: 'Retain' });
    expect(Number(farm.env.FLIC_STATE_COMPACT_MIB ?? '64')).toBeGreaterThan(0);
  });

  it('gives a restoring server time before liveness counts', () => {
    const budget = (probe: string): number => {
      const p = at(farm.container, probe);
      return ((at(p, 'initialDelaySeconds') as number | undefined) ?? 0) + ((at(p, 'periodSeconds') as number) * (at(p, 'failureThreshold') as number));
    };
    expect(budget('startupProbe'), 'startup budget in seconds').toBeGreaterThanOrEqual(300);
  });

  it('gives the server time to drain before SIGKILL', () => {
    const grace = Number(farm.env.FLIC_SHUTDOWN_GRACE ?? '10');
    expect(at(farm.sts, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds')).toBeGreaterThan(grace + 5);
  });

  it('runs as the image non-root user, read-only, without capabilities or privilege escalation', () => {
    const pod = at(farm.sts, 'spec', 'template', 'spec');
    const c = farm.container;
    expect(at(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(pod, 'securityContext', 'seccompProfile', 'type')).toBe('RuntimeDefault');
    expect(at(pod, 'securityContext', 'runAsUser')).toBe(runtimeUid(parseDockerfile()));
    expect(at(c, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(c, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
    expect(at(c, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
    expect(at(c, 'securityContext', 'capabilities', 'drop')).toEqual(['ALL']);
    // Service links would set FLIC_<SERVICE>_* variables next to the server's own FLIC_* settings.
    expect(at(pod, 'enableServiceLinks')).toBe(false);
    expect(at(pod, 'automountServiceAccountToken')).toBe(false);
  });

  it('sets requests and limits, and a V8 heap and a pending-interrupt budget that fit in the memory limit together', () => {
    for (const kind of ['requests', 'limits']) {
      for (const r of ['cpu', 'memory']) expect(at(farm.container, 'resources', kind, r), `${kind}.${r}`).toBeDefined();
    }
    const limit = memoryBytes(String(at(farm.container, 'resources', 'limits', 'memory')));
    const heap = /--max-old-space-size=(\d+)/.exec(farm.env.NODE_OPTIONS ?? '');
    expect(heap).not.toBeNull();
    // Pending interrupts live outside V8's heap: the heap and the budget are separate shares.
    const budget = farm.env.FLIC_MAX_PENDING_BYTES === undefined ? limit * PENDING_BUDGET_SHARE : Number(farm.env.FLIC_MAX_PENDING_BYTES);
    expect(Number(heap?.[1]) * 2 ** 20 + budget + PROCESS_RESERVE_BYTES).toBeLessThanOrEqual(limit);
    // The heap still holds FLIC_MAX_VMS idle VMs twice over.
    expect(Number(heap?.[1]) * 2 ** 20).toBeGreaterThanOrEqual(2 * IDLE_VM_HEAP_BYTES * Number(farm.env.FLIC_MAX_VMS ?? DEFAULT_MAX_VMS));
  });

  it('asks of a replica no more per-VM metric series than one scrape should carry', () => {
    const vms = Number(farm.env.FLIC_METRICS_MAX_VMS ?? DEFAULT_SERVICE_CONFIG.metricsMaxVms);
    expect(vms * PER_VM_SERIES_MAX).toBeLessThanOrEqual(SERIES_PER_REPLICA);
  });

  it('pins the image tag', () => {
    expect(at(farm.container, 'image')).toMatch(/^[^:@]+(:(?!latest$)[\w.-]+|@sha256:[0-9a-f]{64})$/);
  });

  it.skipIf(!kubectlBinary.run)('renders the same with kubectl kustomize', () => {
    kubectlBinary.assertPresent();
    const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    const byKey = (list: K8sObject[]): Record<string, K8sObject> => Object.fromEntries(list.map((o) => [objectKey(o), o]));
    const kubectl = parseAllDocuments(out).map((d, i) => asK8sObject(d.toJS() as Json, `kubectl#${i}`));
    expect(byKey(kubectl)).toEqual(byKey(objects));
  });
});

describe('the farm overlay', () => {
  const base = farmOf((TARGETS[0] as (typeof TARGETS)[number]).rendering.objects);
  const farm = farmOf(render(K8S_FARM).objects);

  it('gives each replica more state storage than the base', () => {
    expect(memoryBytes(farm.claims.state ?? '0')).toBeGreaterThan(memoryBytes(base.claims.state ?? '0'));
  });

  it('runs more replicas, more per-VM metric series and more memory than the base', () => {
    expect(at(farm.sts, 'spec', 'replicas')).toBeGreaterThan(at(base.sts, 'spec', 'replicas') as number);
    expect(Number(farm.env.FLIC_METRICS_MAX_VMS)).toBeGreaterThan(Number(base.env.FLIC_METRICS_MAX_VMS));
    const mem = (f: typeof farm): number => memoryBytes(String(at(f.container, 'resources', 'limits', 'memory')));
    expect(mem(farm)).toBeGreaterThan(mem(base));
  });
});
