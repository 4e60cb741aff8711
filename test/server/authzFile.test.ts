// The authorization file's reader: what it accepts, and for each mistake the place it names. Grant
// prefixes are refused when a path- or URL-reading tool would take them for another. The caller's
// identities: certificate names (SANs with quoted values included) and bearer tokens.
import { Metadata } from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthzFileError, parseAuthzFile } from '../../src/server/security/authzFile.js';
import { grants, isPublicPath, pathTrick } from '../../src/server/security/authzPolicy.js';
import { bearerToken, certificateKeys, subjectAltNames, tokenKey } from '../../src/server/security/callerIdentity.js';

const HASH = createHash('sha256').update('t').digest('hex');

function principal(body: string): string {
  return `version: 1\nprincipals:\n  - name: p\n${body}`;
}

function mistake(text: string): string {
  try {
    parseAuthzFile(text);
  } catch (err) {
    expect(err).toBeInstanceOf(AuthzFileError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('parseAuthzFile', () => {
  it('reads principals, identities of every kind, grants, quotas and the public services', () => {
    const policy = parseAuthzFile(`version: 1
unauthenticated: [health]
principals:
  - name: team-a
    identities: ["cn:Harness A", "dns:a.svc", "uri:spiffe://farm/a", "email:a@example.com", "ip:10.0.0.1", "sha256:${HASH.toUpperCase()}"]
    vms: ["team-a/", "shared-"]
    readOnly: true
    quota: { vms: 5, pendingInterrupts: 0 }
  - name: ops
    identities: ["cn:ops"]
    admin: true
`);
    const [a, ops] = policy.principals;
    expect(a).toEqual({ name: 'team-a', admin: false, readOnly: true, prefixes: ['team-a/', 'shared-'], quota: { vms: 5, pendingInterrupts: 0 } });
    expect(ops).toEqual({ name: 'ops', admin: true, readOnly: false, prefixes: [], quota: { vms: null, pendingInterrupts: null } });
    expect(policy.identities.get(`sha256:${HASH}`)).toBe(a);
    expect(policy.identities.get('cn:Harness A')).toBe(a);
    expect(policy.hasTokens).toBe(true);
    expect([...policy.publicServices]).toEqual(['health']);
    expect(isPublicPath(policy, '/grpc.health.v1.Health/Check')).toBe(true);
    expect(isPublicPath(policy, '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo')).toBe(false);
  });

  it('reads JSON as well', () => {
    const policy = parseAuthzFile(JSON.stringify({ version: 1, principals: [{ name: 'a', identities: ['cn:a'], vms: ['a/'] }] }));
    expect(policy.principals[0]?.prefixes).toEqual(['a/']);
    expect([...policy.publicServices]).toEqual(['health', 'reflection']);
  });

  it.each([
    ['not YAML', 'version: [1', 'not valid YAML or JSON'],
    ['a wrong version', 'version: 2\nprincipals: []', 'version: expected 1'],
    ['an unknown top-level key', 'version: 1\nprincipal: []', 'unknown key "principal"'],
    ['a duplicate key', 'version: 1\nversion: 1\nprincipals: []', 'not valid YAML or JSON'],
    ['an alias', 'version: 1\nprincipals:\n  - &p {name: a, identities: ["cn:a"], vms: ["a/"]}\n  - *p', 'not valid YAML or JSON'],
    ['a misspelt key of a principal', principal('    identities: ["cn:a"]\n    vms: ["a/"]\n    read_only: true\n'), 'principals[0]: unknown key "read_only"'],
    ['a string for a boolean', principal('    identities: ["cn:a"]\n    vms: ["a/"]\n    readOnly: "yes"\n'), 'principals[0].readOnly: expected true or false'],
    ['no grants', principal('    identities: ["cn:a"]\n'), 'principals[0]: a principal needs vms'],
    ['an empty list of grants', principal('    identities: ["cn:a"]\n    vms: []\n'), 'principals[0].vms: grants nothing'],
    ['an admin with grants', principal('    identities: ["cn:a"]\n    admin: true\n    vms: ["a/"]\n'), 'principals[0].vms: an admin reaches every VM'],
    ['no identity', principal('    identities: []\n    vms: ["a/"]\n'), 'principals[0].identities: names no identity'],
    ['an unknown identity kind', principal('    identities: ["o:a"]\n    vms: ["a/"]\n'), 'principals[0].identities[0]: "o:a" does not start with a kind'],
    ['a token in clear', principal('    identities: ["sha256:secret"]\n    vms: ["a/"]\n'), 'principals[0].identities[0]: a token is stored as its SHA-256'],
    ['a bad IP', principal('    identities: ["ip:10.0.0.300"]\n    vms: ["a/"]\n'), 'is not an IP address'],
    ['a negative quota', principal('    identities: ["cn:a"]\n    vms: ["a/"]\n    quota: { vms: -1 }\n'), 'principals[0].quota.vms: expected a whole number'],
    ['an unknown quota', principal('    identities: ["cn:a"]\n    vms: ["a/"]\n    quota: { cpus: 1 }\n'), 'principals[0].quota: unknown key "cpus"'],
    ['a bad name', 'version: 1\nprincipals:\n  - name: "a b"\n    identities: ["cn:a"]\n    vms: ["a/"]\n', 'principals[0].name'],
    [
      'an identity of two principals',
      'version: 1\nprincipals:\n  - {name: a, identities: ["cn:x"], vms: ["a/"]}\n  - {name: b, identities: ["cn:x"], vms: ["b/"]}\n',
      'principals[1].identities[0]: "cn:x" already names a',
    ],
    [
      'a name used twice',
      'version: 1\nprincipals:\n  - {name: a, identities: ["cn:x"], vms: ["a/"]}\n  - {name: a, identities: ["cn:y"], vms: ["b/"]}\n',
      'principals[1].name: "a" is used twice',
    ],
    ['an unknown public service', 'version: 1\nunauthenticated: [metrics]\nprincipals: []', 'unauthenticated[0]'],
  ])('names the place of %s', (_, text, message) => {
    expect(mistake(text)).toContain(message);
  });

  it.each([
    ['', 'expected a non-empty VM-id prefix'],
    ['team a/', 'printable ASCII without spaces'],
    ['t\u0435am-a/', 'printable ASCII without spaces'],
    ['team-a/../', 'a ".." segment'],
    ['team-a/./', 'a "." segment'],
    ['team-a//', 'an empty segment'],
    ['/team-a/', 'an empty segment'],
    ['team-a\\..\\', 'a ".." segment'],
    ['team-a/%2E%2E/', 'once percent-decoded'],
    ['x'.repeat(129), 'at most 128 characters'],
  ])('refuses the grant prefix %j', (prefix, message) => {
    expect(mistake(principal(`    identities: ["cn:a"]\n    vms: [${JSON.stringify(prefix)}]\n`))).toContain(message);
  });

  it('matches grants byte for byte', () => {
    const p = parseAuthzFile(principal('    identities: ["cn:a"]\n    vms: ["team-a/"]\n')).principals[0]!;
    expect(grants(p, 'team-a/x')).toBe(true);
    expect(grants(p, 'team-a/')).toBe(true);
    expect(grants(p, 'Team-a/x')).toBe(false);
    expect(grants(p, 'team-a')).toBe(false);
    expect(grants(p, 'team-ab/x')).toBe(false);
  });

  it('finds path tricks in VM ids', () => {
    expect(pathTrick('team-a/x', false)).toBeNull();
    expect(pathTrick('team-a/x.y/..z', false)).toBeNull();
    expect(pathTrick('team-a/', false)).toBe('an empty segment');
    expect(pathTrick('team-a/%252e%252e/x', false)).toBe('a ".." segment once percent-decoded');
  });
});

describe('caller identities', () => {
  it("reads Node's subjectaltname, quoted values included", () => {
    expect(subjectAltNames('DNS:a.svc, URI:spiffe://farm/a, IP Address:127.0.0.1, email:a@b')).toEqual([
      ['DNS', 'a.svc'],
      ['URI', 'spiffe://farm/a'],
      ['IP Address', '127.0.0.1'],
      ['email', 'a@b'],
    ]);
    // A value with ", " is quoted by Node, so it cannot pose as a second entry.
    expect(subjectAltNames('DNS:"evil, DNS:admin.svc", DNS:b')).toEqual([
      ['DNS', 'evil, DNS:admin.svc'],
      ['DNS', 'b'],
    ]);
    expect(certificateKeys({ subject: { CN: 'x' }, subjectaltname: 'DNS:"a, DNS:b"' } as never)).toEqual(['cn:x', 'dns:a, DNS:b']);
    expect(certificateKeys({ subject: { CN: ['x', 'y'] } } as never)).toEqual(['cn:x', 'cn:y']);
  });

  it('reads a bearer token and keeps only its hash', () => {
    const md = (...values: string[]): Metadata => {
      const m = new Metadata();
      for (const v of values) m.add('authorization', v);
      return m;
    };
    expect(bearerToken(md())).toEqual({ kind: 'none' });
    expect(bearerToken(md('Bearer t'))).toEqual({ kind: 'token', key: `sha256:${HASH}` });
    expect(bearerToken(md('bearer t'))).toEqual({ kind: 'token', key: tokenKey('t') });
    expect(bearerToken(md('Bearer t', 'Bearer u'))).toMatchObject({ kind: 'invalid', why: 'more than one authorization header' });
    for (const bad of ['Basic t', 'Bearer', 'Bearer  t', 'Bearer t u', `Bearer ${'a'.repeat(5000)}`]) {
      expect(bearerToken(md(bad)).kind, bad).toBe('invalid');
    }
  });
});
