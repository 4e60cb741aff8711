// The TLS files of --tls-cert, --tls-key and --tls-client-ca, read and checked with node:crypto:
// each file readable, each certificate parsable, the key the certificate's own. At start a problem
// stops the service (exit 2, naming the flag); at a rotation the same checks decide whether the
// new files are taken (tlsProvider.ts).

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A certificate and its key, as read from their files. */
export interface IdentityPair {
  readonly certificate: Buffer;
  readonly privateKey: Buffer;
}

/** What the logs say about a certificate. */
export interface CertificateSummary {
  readonly subject: string;
  readonly subjectAltName: string | undefined;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A file that stops the start: which flag named it, and what is wrong. */
export class StartFileError extends Error {
  constructor(
    readonly flag: string,
    detail: string,
  ) {
    super(`${flag}: ${detail}`);
    this.name = 'StartFileError';
  }
}

/** Reads a file named by `flag`; throws StartFileError when it is missing or unreadable. */
export function readStartFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StartFileError(flag, `cannot read ${path} (${code})`);
  }
}

/** The certificates of a PEM bundle (a chain, or a CA file of several); throws when there is none. */
export function pemCertificates(pem: Buffer): X509Certificate[] {
  const blocks = pem.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate in it');
  return blocks.map((b) => new X509Certificate(b));
}

/** Why `pair` cannot serve (unparsable, or the key is not the certificate's), or null. */
export function identityProblem(pair: IdentityPair): { readonly which: 'certificate' | 'key'; readonly detail: string } | null {
  let leaf: X509Certificate;
  try {
    leaf = pemCertificates(pair.certificate)[0] as X509Certificate;
  } catch (err) {
    return { which: 'certificate', detail: `not a PEM certificate: ${(err as Error).message}` };
  }
  let key;
  try {
    key = createPrivateKey(pair.privateKey);
  } catch (err) {
    return { which: 'key', detail: `not a PEM private key (an encrypted key needs no passphrase here): ${(err as Error).message}` };
  }
  if (!leaf.checkPrivateKey(key)) return { which: 'key', detail: 'the key does not match the certificate' };
  return null;
}

/** Why a CA bundle cannot verify clients, or null. */
export function caProblem(pem: Buffer): string | null {
  try {
    pemCertificates(pem);
    return null;
  } catch (err) {
    return `not a PEM CA bundle: ${(err as Error).message}`;
  }
}

export function summary(pem: Buffer): CertificateSummary | null {
  try {
    const c = pemCertificates(pem)[0] as X509Certificate;
    return {
      subject: c.subject.replace(/\n/g, ', '),
      subjectAltName: c.subjectAltName,
      validFrom: new Date(c.validFrom).toISOString(),
      validTo: new Date(c.validTo).toISOString(),
      fingerprint256: c.fingerprint256,
    };
  } catch {
    return null;
  }
}

/** The flags' names as messages show them: `--tls-cert (FLIC_TLS_CERT)`. */
export interface TlsFlagNames {
  readonly cert: string;
  readonly key: string;
  readonly clientCa: string;
}

export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly clientCa: string | null;
}

export interface TlsMaterial {
  readonly identity: IdentityPair;
  readonly clientCa: Buffer | null;
}

/** Reads and checks the TLS files at start; throws StartFileError naming the flag at fault. */
export function loadTlsFiles(files: TlsFiles, flags: TlsFlagNames): TlsMaterial {
  const identity = { certificate: readStartFile(files.cert, flags.cert), privateKey: readStartFile(files.key, flags.key) };
  const problem = identityProblem(identity);
  if (problem !== null) {
    if (problem.which === 'certificate') throw new StartFileError(flags.cert, `${files.cert}: ${problem.detail}`);
    throw new StartFileError(flags.key, `${files.key}: ${problem.detail}${problem.detail.includes('match') ? ` of ${flags.cert} (${files.cert})` : ''}`);
  }
  if (files.clientCa === null) return { identity, clientCa: null };
  const clientCa = readStartFile(files.clientCa, flags.clientCa);
  const caIssue = caProblem(clientCa);
  if (caIssue !== null) throw new StartFileError(flags.clientCa, `${files.clientCa}: ${caIssue}`);
  return { identity, clientCa };
}
