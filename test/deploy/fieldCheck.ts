// kubernetes-models' validate() checks types, enums and required fields, but accepts any unknown
// field, so a misspelt `readinessProbe` would pass. Its .d.ts interfaces, though, list every field
// of every object. This walks a manifest against those interfaces with the TypeScript compiler,
// so a field passes only if the model declares it: the models' own schema, not a hand-kept list.
import { join } from 'node:path';
import ts from 'typescript';
import { REPO, isObject, type Json } from './manifests.js';

/** Kind → [module, interface] of its kubernetes-models type. */
export const MODEL_TYPES = {
  Namespace: ['kubernetes-models/v1/Namespace', 'INamespace'],
  ConfigMap: ['kubernetes-models/v1/ConfigMap', 'IConfigMap'],
  Service: ['kubernetes-models/v1/Service', 'IService'],
  StatefulSet: ['kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet'],
  PodDisruptionBudget: ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  NetworkPolicy: ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
  ServiceMonitor: ['@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', 'IServiceMonitor'],
  // cert-manager's CRDs, for the overlays with TLS (deploy/k8s/overlays/secure).
  Certificate: ['@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate', 'ICertificate'],
  Issuer: ['@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer', 'IIssuer'],
} as const;

export type CheckedKind = keyof typeof MODEL_TYPES;

export type FieldChecker = (kind: CheckedKind, value: Json) => string[];

/** Builds one TypeScript program over the model typings (about a second) and returns the checker. */
export function createFieldChecker(): FieldChecker {
  const entry = join(REPO, 'test', 'deploy', '__model_types__.ts');
  const source =
    Object.entries(MODEL_TYPES)
      .map(([kind, [module, name]]) => `import type { ${name} as ${kind} } from '${module}';`)
      .join('\n') +
    `\nexport declare const models: { ${Object.keys(MODEL_TYPES).map((k) => `${k}: ${k}`).join('; ')} };\n`;
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === entry ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
  host.fileExists = (name) => name === entry || fileExists(name);
  const program = ts.createProgram([entry], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(entry));
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, { ...host, getNewLine: () => '\n' }));
  }
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(entry) as ts.SourceFile;
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile) as ts.Symbol;
  const models = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'models') as ts.Symbol;
  const modelsType = checker.getTypeOfSymbol(models);

  const walk = (value: Json, type: ts.Type, path: string, problems: string[]): void => {
    const t = checker.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (Array.isArray(value)) {
      const element = checker.getIndexTypeOfType(t, ts.IndexKind.Number);
      if (element === undefined) problems.push(`${path}: a list where the model has no list`);
      else value.forEach((item, i) => walk(item, element, `${path}[${i}]`, problems));
      return;
    }
    if (!isObject(value)) return;
    const members = t.isUnion() ? t.types : [t];
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const prop = members.map((m) => checker.getPropertyOfType(m, key)).find((p) => p !== undefined);
      const childType =
        prop !== undefined
          ? checker.getTypeOfSymbol(prop)
          : members.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.String)).find((x) => x !== undefined);
      if (childType === undefined) problems.push(`${childPath}: not a field of the model`);
      else walk(child, childType, childPath, problems);
    }
  };

  return (kind, value) => {
    const prop = checker.getPropertyOfType(modelsType, kind) as ts.Symbol;
    const problems: string[] = [];
    walk(value, checker.getTypeOfSymbol(prop), '', problems);
    return problems;
  };
}
