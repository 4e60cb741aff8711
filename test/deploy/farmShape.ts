// The parts of a rendered flic farm that the cross-reference checks compare.
import { at, isObject, list, stringMap, type Json, type K8sObject } from './manifests.js';

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: string | number;
  readonly appProtocol?: string;
}

export interface FarmShape {
  readonly namespace: K8sObject;
  readonly sts: K8sObject;
  readonly service: K8sObject;
  readonly pdb: K8sObject;
  readonly netpol: K8sObject;
  /** The StatefulSet's one container. */
  readonly container: Json;
  readonly podLabels: Record<string, string>;
  readonly stsSelector: Record<string, string>;
  readonly serviceSelector: Record<string, string>;
  readonly pdbSelector: Record<string, string>;
  readonly netpolSelector: Record<string, string>;
  readonly serviceMonitorSelector: Record<string, string>;
  readonly serviceMonitorPorts: string[];
  readonly servicePorts: ServicePort[];
  /** The container's environment: ConfigMaps from envFrom, then env (which wins). */
  readonly env: Record<string, string>;
  readonly envNames: Set<string>;
  /** `--flag` names in the container's command and args. */
  readonly argFlags: string[];
  /** The container's volume mounts, name → mountPath. */
  readonly mounts: Record<string, string>;
  /** The StatefulSet's volumeClaimTemplates, name → requested storage. */
  readonly claims: Record<string, string>;
  containerPort(name: string): number;
  /** Ports opened by the ingress rules whose `from` has exactly this peer selector. */
  ingressPorts(peer: { podSelector?: Record<string, string>; namespaceSelector?: Record<string, string> }): number[];
}

export function farmOf(objects: readonly K8sObject[]): FarmShape {
  const one = (kind: string): K8sObject => {
    const found = objects.filter((o) => o.kind === kind);
    if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
    return found[0] as K8sObject;
  };
  const sts = one('StatefulSet');
  const service = one('Service');
  const pdb = one('PodDisruptionBudget');
  const netpol = one('NetworkPolicy');
  const monitor = one('ServiceMonitor');
  const containers = list(at(sts, 'spec', 'template', 'spec', 'containers'));
  if (containers.length !== 1) throw new Error(`expected one container, found ${containers.length}`);
  const container = containers[0] as Json;

  const env: Record<string, string> = {};
  const envNames = new Set<string>();
  for (const source of list(at(container, 'envFrom'))) {
    const name = at(source, 'configMapRef', 'name');
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (cm === undefined) throw new Error(`envFrom names ConfigMap ${String(name)}, which is not rendered`);
    for (const [k, v] of Object.entries(stringMap(cm.data))) {
      env[k] = v;
      envNames.add(k);
    }
  }
  for (const e of list(at(container, 'env'))) {
    const name = String(at(e, 'name'));
    envNames.add(name);
    if (typeof at(e, 'value') === 'string') env[name] = at(e, 'value') as string;
  }

  const ports = list(at(container, 'ports'));
  return {
    namespace: one('Namespace'),
    sts,
    service,
    pdb,
    netpol,
    container,
    podLabels: stringMap(at(sts, 'spec', 'template', 'metadata', 'labels')),
    stsSelector: stringMap(at(sts, 'spec', 'selector', 'matchLabels')),
    serviceSelector: stringMap(at(service, 'spec', 'selector')),
    pdbSelector: stringMap(at(pdb, 'spec', 'selector', 'matchLabels')),
    netpolSelector: stringMap(at(netpol, 'spec', 'podSelector', 'matchLabels')),
    serviceMonitorSelector: stringMap(at(monitor, 'spec', 'selector', 'matchLabels')),
    serviceMonitorPorts: list(at(monitor, 'spec', 'endpoints')).map((e) => String(at(e, 'port'))),
    servicePorts: list(at(service, 'spec', 'ports')) as unknown as ServicePort[],
    env,
    envNames,
    mounts: Object.fromEntries(list(at(container, 'volumeMounts')).map((m) => [String(at(m, 'name')), String(at(m, 'mountPath'))])),
    claims: Object.fromEntries(
      list(at(sts, 'spec', 'volumeClaimTemplates')).map((c) => [String(at(c, 'metadata', 'name')), String(at(c, 'spec', 'resources', 'requests', 'storage'))]),
    ),
    argFlags: [...list(at(container, 'command')), ...list(at(container, 'args'))]
      .map(String)
      .filter((a) => a.startsWith('--'))
      .map((a) => a.replace(/=.*$/, '')),
    containerPort(name) {
      const port = ports.find((p) => at(p, 'name') === name);
      if (port === undefined) throw new Error(`no container port named ${name}`);
      return at(port, 'containerPort') as number;
    },
    ingressPorts(peer) {
      const matches = (from: Json): boolean =>
        list(from).length === 1 &&
        Object.keys(list(from)[0] as object).length === Object.keys(peer).length &&
        Object.entries(peer).every(([k, labels]) => {
          const got = at(list(from)[0], k, 'matchLabels');
          return isObject(got) && JSON.stringify(stringMap(got)) === JSON.stringify(labels);
        });
      return list(at(netpol, 'spec', 'ingress'))
        .filter((rule) => matches(at(rule, 'from') ?? null))
        .flatMap((rule) => list(at(rule, 'ports')).map((p) => at(p, 'port') as number));
    },
  };
}

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A Kubernetes memory quantity (e.g. `2Gi`, `512M`) in bytes. */
export function memoryBytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(|k|M|G|T|Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (m === null) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}
