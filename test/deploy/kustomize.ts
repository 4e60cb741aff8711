// A small renderer for exactly the kustomize features deploy/k8s uses, so that the cross-reference
// checks run on the base and on every overlay without kubectl. Anything else in a kustomization
// throws, so a new feature cannot be silently ignored. When kubectl is on PATH, the tests compare
// this rendering with `kubectl kustomize`.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asK8sObject, isObject, list, loadOne, loadYaml, objectKey, rel, type Json, type K8sObject } from './manifests.js';

const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'replicas', 'patches']);

// The kinds kustomize's `replicas` field scales.
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

export interface Rendering {
  readonly objects: K8sObject[];
  /** Every file the rendering read (kustomizations, resources, patches), absolute paths. */
  readonly files: Set<string>;
}

export function kustomizationFile(dir: string): string {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${rel(dir)}: no kustomization.yaml`);
  return file;
}

export function render(dir: string): Rendering {
  const file = kustomizationFile(dir);
  const k = loadOne(file);
  if (!isObject(k) || k.kind !== 'Kustomization') throw new Error(`${rel(file)}: not a Kustomization`);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) throw new Error(`${rel(file)}: test/deploy/kustomize.ts does not render "${key}"`);
  }
  const files = new Set([file]);
  let objects: K8sObject[] = [];
  for (const entry of list(k.resources)) {
    const path = resolve(dir, String(entry));
    if (statSync(path).isDirectory()) {
      const sub = render(path);
      objects.push(...sub.objects);
      sub.files.forEach((f) => files.add(f));
    } else {
      files.add(path);
      objects.push(...loadYaml(path).map((doc, i) => asK8sObject(doc, `${rel(path)}#${i}`)));
    }
  }
  for (const entry of list(k.patches)) {
    if (!isObject(entry) || typeof entry.path !== 'string' || Object.keys(entry).length !== 1) {
      throw new Error(`${rel(file)}: only patches of the form {path} are rendered`);
    }
    const path = resolve(dir, entry.path);
    files.add(path);
    const patch = asK8sObject(loadOne(path), rel(path));
    const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
    if (i < 0) throw new Error(`${rel(path)}: patches ${objectKey(patch)}, which is not rendered`);
    objects[i] = asK8sObject(mergePatch(objects[i] as K8sObject, patch), rel(path));
  }
  for (const r of list(k.replicas)) {
    const target = objects.find((o) => isObject(r) && o.metadata.name === r.name && SCALABLE.has(o.kind));
    if (target === undefined || !isObject(r) || typeof r.count !== 'number') {
      throw new Error(`${rel(file)}: replicas entry ${JSON.stringify(r)} matches nothing`);
    }
    (target.spec as { replicas: number }).replicas = r.count;
  }
  for (const image of list(k.images)) objects = objects.map((o) => setImage(o, image));
  if (typeof k.namespace === 'string') {
    const ns = k.namespace;
    objects = objects.map((o) =>
      o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: ns } },
    );
  }
  return { objects, files };
}

/**
 * Strategic merge, as far as these manifests need it: maps merge key by key, and lists whose
 * items all have a `name` (containers, env, ports) merge item by item on it, new items first;
 * other lists replace.
 */
export function mergePatch(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: { [key: string]: Json } = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) throw new Error(`patch directive ${key} is not rendered`);
      out[key] = key in base ? mergePatch(base[key] as Json, value) : value;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && [...base, ...patch].every((i) => isObject(i) && 'name' in i)) {
    const out = [...base];
    const added: Json[] = [];
    for (const item of patch) {
      const name = (item as { name: Json }).name;
      const i = out.findIndex((b) => (b as { name: Json }).name === name);
      if (i < 0) added.push(item);
      else out[i] = mergePatch(out[i] as Json, item);
    }
    // kustomize puts the items a patch adds before the ones it had.
    return [...added, ...out];
  }
  return patch;
}

function setImage(o: K8sObject, image: Json): K8sObject {
  if (!isObject(image) || typeof image.name !== 'string') throw new Error(`bad images entry ${JSON.stringify(image)}`);
  const rewrite = (c: Json): Json => {
    if (!isObject(c) || typeof c.image !== 'string') return c;
    const name = c.image.replace(/[:@].*$/, '');
    if (name !== image.name) return c;
    const newName = typeof image.newName === 'string' ? image.newName : name;
    const tag = typeof image.newTag === 'string' ? `:${image.newTag}` : c.image.slice(name.length);
    return { ...c, image: newName + tag };
  };
  const spec = o.spec;
  if (!isObject(spec) || !isObject(spec.template) || !isObject(spec.template.spec)) return o;
  const podSpec = spec.template.spec;
  const containers = list(podSpec.containers).map(rewrite);
  return { ...o, spec: { ...spec, template: { ...spec.template, spec: { ...podSpec, containers } } } };
}
