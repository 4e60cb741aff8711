// The server's certificates as grpc-js serves them: grpc-js's own FileWatcherCertificateProvider
// re-reads --tls-cert, --tls-key and --tls-client-ca every --reload-interval, and this provider
// passes on only what is whole and changed. grpc-js alone would, on a half-written rotation (a new
// certificate beside the old key) or a missing file, fail to build a TLS context and drop every new
// connection until the next read; here the files in use stay in use and the error is logged, once.
// cert-manager and the kubelet replace a Secret's files atomically, so a rotation is one step.

import { experimental, type ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { caProblem, identityProblem, summary, type IdentityPair, type TlsFiles, type TlsMaterial } from './tlsFiles.js';

type CaUpdate = experimental.CaCertificateUpdate;
type IdentityUpdate = experimental.IdentityCertificateUpdate;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

function samePair(a: IdentityPair, b: IdentityPair): boolean {
  return a.certificate.equals(b.certificate) && a.privateKey.equals(b.privateKey);
}

export class CheckedCertificateProvider implements experimental.CertificateProvider {
  private readonly inner: experimental.FileWatcherCertificateProvider;
  private identity: IdentityUpdate;
  private ca: CaUpdate | null;
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly caListeners = new Set<CaListener>();
  private subscribed = false;
  /** The problem last logged, so that one bad rotation is one error line, not one per read. */
  private lastProblem = '';

  constructor(
    files: TlsFiles,
    started: TlsMaterial,
    refreshIntervalMs: number,
    private readonly logger: Logger,
  ) {
    this.inner = new experimental.FileWatcherCertificateProvider({
      certificateFile: files.cert,
      privateKeyFile: files.key,
      ...(files.clientCa === null ? {} : { caCertificateFile: files.clientCa }),
      refreshIntervalMs,
    });
    this.identity = { certificate: started.identity.certificate, privateKey: started.identity.privateKey };
    this.ca = started.clientCa === null ? null : { caCertificate: started.clientCa };
  }

  /** The certificate and key in use now. */
  get current(): IdentityPair {
    return this.identity;
  }

  private readonly onIdentity = (update: IdentityUpdate | null): void => {
    if (update === null) return this.problem('cannot read --tls-cert or --tls-key; the certificate in use stays');
    if (samePair(update, this.identity)) return this.recovered();
    const bad = identityProblem(update);
    if (bad !== null) return this.problem(`the new ${bad.which} is not used: ${bad.detail}; the certificate in use stays`);
    this.identity = update;
    this.lastProblem = '';
    this.logger.info({ certificate: summary(update.certificate) }, 'tls certificate loaded');
    for (const l of this.identityListeners) l(update);
  };

  private readonly onCa = (update: CaUpdate | null): void => {
    if (update === null) return this.problem('cannot read --tls-client-ca; the CA in use stays');
    if (this.ca !== null && update.caCertificate.equals(this.ca.caCertificate)) return;
    const bad = caProblem(update.caCertificate);
    if (bad !== null) return this.problem(`the new --tls-client-ca is not used: ${bad}`);
    this.ca = update;
    this.logger.info({ ca: summary(update.caCertificate) }, 'tls client CA loaded');
    for (const l of this.caListeners) l(update);
  };

  private problem(text: string): void {
    if (text === this.lastProblem) return;
    this.lastProblem = text;
    this.logger.error(text);
  }

  private recovered(): void {
    if (this.lastProblem === '') return;
    this.lastProblem = '';
    this.logger.info('tls files readable again; the certificate in use is unchanged');
  }

  // ---- experimental.CertificateProvider: the inner watcher runs while anyone listens ----------

  private watch(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.inner.addIdentityCertificateListener(this.onIdentity);
    if (this.ca !== null) this.inner.addCaCertificateListener(this.onCa);
  }

  private unwatch(): void {
    if (!this.subscribed || this.identityListeners.size > 0 || this.caListeners.size > 0) return;
    this.subscribed = false;
    this.inner.removeIdentityCertificateListener(this.onIdentity);
    this.inner.removeCaCertificateListener(this.onCa);
  }

  // grpc-js registers its watcher only after adding these listeners: the first value goes out on
  // the next tick, as the file watcher's own does.
  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    this.watch();
    process.nextTick(() => {
      if (this.identityListeners.has(listener)) listener(this.identity);
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
    this.unwatch();
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    this.watch();
    process.nextTick(() => {
      if (this.caListeners.has(listener)) listener(this.ca);
    });
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
    this.unwatch();
  }
}

/** TLS for the gRPC port: the provider's certificate, and with a client CA, mutual TLS required. */
export function tlsServerCredentials(provider: CheckedCertificateProvider, mutual: boolean): ServerCredentials {
  // grpc-js 1.14 passes its first argument on as the identity provider and its second as the CA
  // provider, whatever its declaration calls them (test/server/tls.test.ts pins this).
  return experimental.createCertificateProviderServerCredentials(provider, mutual ? provider : null, mutual);
}
