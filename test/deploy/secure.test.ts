// The overlays with TLS (deploy/k8s/overlays/secure, and the farm built on it), offline: the
// cert-manager objects chain up to a CA the overlay makes, the servers' certificate covers every
// replica's name and the one Prometheus verifies, its Secret and the authorization file are mounted
// where the FLIC_* settings point (without subPath, so rotations arrive), the authorization file is
// one the server accepts and grants the example client's identity, the probes reach the plaintext
// health-only port, which no pod may reach, and Prometheus scrapes over HTTPS.
import { readdirSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthzFile } from '../../src/server/security/authzFile.js';
import { farmOf } from './farmShape.js';
import { render } from './kustomize.js';
import { K8S_BASE, at, list, stringMap, type Json, type K8sObject } from './manifests.js';

const OVERLAYS = join(K8S_BASE, '..', 'overlays');
const SECURE = readdirSync(OVERLAYS)
  .map((d) => ({ name: d, objects: render(join(OVERLAYS, d)).objects }))
  .filter((t) => farmOf(t.objects).env.FLIC_TLS_CERT !== undefined);

function named(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** The volume mounted at the directory of `file`, and the key the file is in it. */
function mountedAt(objects: readonly K8sObject[], file: string): { volume: Json; key: string } {
  const farm = farmOf(objects);
  const mounts = list(at(farm.container, 'volumeMounts'));
  const mount = mounts.find((m) => at(m, 'mountPath') === dirname(file));
  if (mount === undefined) throw new Error(`nothing is mounted at ${dirname(file)}`);
  expect(at(mount, 'subPath'), 'a subPath mount never sees an update').toBeUndefined();
  expect(at(mount, 'readOnly')).toBe(true);
  const volume = list(at(farm.sts, 'spec', 'template', 'spec', 'volumes')).find((v) => at(v, 'name') === at(mount, 'name'));
  if (volume === undefined) throw new Error(`no volume ${String(at(mount, 'name'))}`);
  return { volume, key: basename(file) };
}

describe('the overlays with TLS', () => {
  it('include the secure overlay and the farm', () => {
    expect(SECURE.map((t) => t.name).sort()).toEqual(['farm', 'secure']);
  });

  describe.each(SECURE)('$name', ({ objects }) => {
    const farm = farmOf(objects);
    const certificates = objects.filter((o) => o.kind === 'Certificate');
    const server = certificates.find((c) => list(at(c, 'spec', 'usages')).includes('server auth')) as K8sObject;
    const clients = certificates.filter((c) => list(at(c, 'spec', 'usages')).includes('client auth'));

    it('issues every certificate from an Issuer it renders, under a CA it makes', () => {
      for (const c of certificates) {
        expect(at(c, 'spec', 'issuerRef', 'kind'), c.metadata.name).toBe('Issuer');
        named(objects, 'Issuer', String(at(c, 'spec', 'issuerRef', 'name')));
      }
      const ca = certificates.find((c) => at(c, 'spec', 'isCA') === true) as K8sObject;
      expect(at(ca, 'spec', 'issuerRef', 'name')).toBe('flic-selfsigned');
      expect(at(named(objects, 'Issuer', 'flic-selfsigned'), 'spec', 'selfSigned')).toEqual({});
      expect(at(named(objects, 'Issuer', 'flic-ca'), 'spec', 'ca', 'secretName')).toBe(at(ca, 'spec', 'secretName'));
      for (const c of [server, ...clients]) expect(at(c, 'spec', 'issuerRef', 'name')).toBe('flic-ca');
      expect(clients.length).toBeGreaterThan(0);
    });

    it("covers every replica's name and the Service's, and renews in place", () => {
      const names = list(at(server, 'spec', 'dnsNames')).map(String);
      const service = farm.service.metadata.name;
      const ns = farm.namespace.metadata.name;
      expect(names).toContain(`*.${service}.${ns}.svc`);
      expect(names).toContain(`*.${service}.${ns}.svc.cluster.local`);
      expect(names).toContain(`${service}.${ns}.svc.cluster.local`);
      expect(at(server, 'spec', 'renewBefore')).toBeDefined();
      expect(at(server, 'spec', 'privateKey', 'rotationPolicy')).toBe('Always');
    });

    it("mounts the server's Secret where FLIC_TLS_CERT, FLIC_TLS_KEY and FLIC_TLS_CLIENT_CA point", () => {
      const files = { FLIC_TLS_CERT: 'tls.crt', FLIC_TLS_KEY: 'tls.key', FLIC_TLS_CLIENT_CA: 'ca.crt' } as const;
      for (const [env, key] of Object.entries(files)) {
        const file = farm.env[env];
        expect(file, env).toBeDefined();
        const { volume, key: fileKey } = mountedAt(objects, file as string);
        expect(at(volume, 'secret', 'secretName'), env).toBe(at(server, 'spec', 'secretName'));
        expect(fileKey, env).toBe(key);
      }
      // Group-readable by the container's group only.
      const { volume } = mountedAt(objects, farm.env.FLIC_TLS_KEY as string);
      expect(at(volume, 'secret', 'defaultMode')).toBe(0o440);
      expect(at(farm.sts, 'spec', 'template', 'spec', 'securityContext', 'fsGroup')).toBe(at(farm.sts, 'spec', 'template', 'spec', 'securityContext', 'runAsGroup'));
    });

    it('mounts an authorization file the server accepts, which grants the example client', () => {
      const file = farm.env.FLIC_AUTHZ_FILE as string;
      const { volume, key } = mountedAt(objects, file);
      const cm = named(objects, 'ConfigMap', String(at(volume, 'configMap', 'name')));
      const text = stringMap(cm.data)[key];
      expect(text).toBeDefined();
      const policy = parseAuthzFile(text as string);
      for (const client of clients) {
        const principal = policy.identities.get(`cn:${String(at(client, 'spec', 'commonName'))}`);
        expect(principal, client.metadata.name).toBeDefined();
        expect(principal?.admin).toBe(false);
      }
      expect(Number(farm.env.FLIC_RELOAD_INTERVAL)).toBeGreaterThan(0);
    });

    it('probes the plaintext health-only port, which no pod may reach', () => {
      const health = farm.containerPort('health');
      expect(farm.env.FLIC_HEALTH_PORT).toBe(String(health));
      expect(farm.env.FLIC_HEALTH_HOST).toBe('0.0.0.0');
      const opened = list(at(farm.netpol, 'spec', 'ingress')).flatMap((r) => list(at(r, 'ports')).map((p) => at(p, 'port')));
      expect(opened).not.toContain(health);
      expect(farm.servicePorts.map((p) => p.port)).not.toContain(health);
    });

    it("is scraped over HTTPS, verified with the farm's CA under a name the certificate carries", () => {
      expect(farm.env.FLIC_METRICS_TLS).toBe('true');
      const monitor = objects.find((o) => o.kind === 'ServiceMonitor') as K8sObject;
      for (const endpoint of list(at(monitor, 'spec', 'endpoints'))) {
        expect(at(endpoint, 'scheme')).toBe('https');
        expect(at(endpoint, 'tlsConfig', 'ca', 'secret')).toEqual({ name: at(server, 'spec', 'secretName'), key: 'ca.crt' });
        expect(list(at(server, 'spec', 'dnsNames'))).toContain(at(endpoint, 'tlsConfig', 'serverName'));
      }
    });
  });
});
