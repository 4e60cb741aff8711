// Reading deploy/: every YAML file and document, parsed strictly with the `yaml` package.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DEPLOY = join(REPO, 'deploy');
export const K8S_BASE = join(DEPLOY, 'k8s', 'base');
export const K8S_FARM = join(DEPLOY, 'k8s', 'overlays', 'farm');
export const ENVOY_YAML = join(DEPLOY, 'envoy', 'envoy.yaml');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object as the YAML has it; kind-specific fields are read through the helpers below. */
export interface K8sObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string };
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every .yaml/.yml file under dir, sorted, as absolute paths. */
export function yamlFiles(dir: string = DEPLOY): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.ya?ml$/.test(p))
    .map((p) => join(dir, p))
    .sort();
}

/** All documents of a YAML file; a syntax error, a warning or a duplicate key throws. */
export function loadYaml(file: string): Json[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true, strict: true });
  if (!Array.isArray(docs)) throw new Error(`${file}: empty YAML stream`);
  return docs
    .map((doc) => {
      const problems = [...doc.errors, ...doc.warnings];
      if (problems.length > 0) throw new Error(`${rel(file)}: ${problems.map((p) => p.message).join('; ')}`);
      return doc.toJS() as Json;
    })
    .filter((doc) => doc !== null);
}

export function loadOne(file: string): Json {
  const docs = loadYaml(file);
  if (docs.length !== 1) throw new Error(`${rel(file)}: expected one YAML document, found ${docs.length}`);
  return docs[0] as Json;
}

export function asK8sObject(doc: Json, where: string): K8sObject {
  if (
    !isObject(doc) ||
    typeof doc.apiVersion !== 'string' ||
    typeof doc.kind !== 'string' ||
    !isObject(doc.metadata) ||
    typeof doc.metadata.name !== 'string'
  ) {
    throw new Error(`${where}: not a Kubernetes object (apiVersion, kind, metadata.name)`);
  }
  return doc as K8sObject;
}

export const rel = (file: string): string => relative(REPO, file);

export const objectKey = (o: K8sObject): string =>
  `${o.kind}/${typeof o.metadata.namespace === 'string' ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** Follows a path of keys and indices; undefined when any step is missing. */
export function at(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let cur = value;
  for (const step of path) {
    if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : undefined;
    else cur = isObject(cur) ? cur[step] : undefined;
  }
  return cur;
}

export function stringMap(value: Json | undefined): Record<string, string> {
  if (!isObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** a ⊆ b for label maps (every key of a has the same value in b). */
export function labelsSubset(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([k, v]) => b[k] === v);
}
