// The security of one flic process, set up from its configuration before anything listens: the
// TLS files checked and watched, the authorization file read and reloaded. A file that cannot be
// used stops the start with a StartFileError naming its flag (main.ts exits 2). Without the flags
// nothing changes: plaintext, every call allowed, and the start log says so.

import type { ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { VmRegistry } from '../../device/index.js';
import type { ServiceConfig } from '../config.js';
import { flagLabel } from './securityFlags.js';
import { Authorizer, type RoomCheck } from './authorizer.js';
import { AuthzReloader, describePolicy, loadAuthzFile } from './authzReloader.js';
import { loadTlsFiles, summary } from './tlsFiles.js';
import { CheckedCertificateProvider, tlsServerCredentials } from './tlsProvider.js';

export interface ServiceSecurity {
  /** The gRPC port's credentials; null: plaintext. */
  readonly credentials: ServerCredentials | null;
  /** The certificate in use and its rotations (for /metrics over TLS); null without TLS. */
  readonly certificates: CheckedCertificateProvider | null;
  /** null: every call is allowed. */
  readonly authorizer: Authorizer | null;
  /** Starts the reloading of the authorization file (after the server listens). */
  start(): void;
  stop(): void;
}

/** A VM's pending records now, or null when it does not exist (what quotas count). */
function pendingCount(vms: VmRegistry): (vmId: string) => number | null {
  return (vmId) => {
    try {
      return vms.get(vmId).flic?.depths().total ?? 0;
    } catch {
      return null;
    }
  };
}

/** The budget's check of a VM that exists and has a FLIC; the device answers the other cases itself. */
function roomCheck(vms: VmRegistry): RoomCheck {
  return (vmId, records, group) => {
    let flic;
    try {
      flic = vms.get(vmId).flic;
    } catch {
      return;
    }
    flic?.requireRoom(records, group);
  };
}

export function openSecurity(config: ServiceConfig, vms: VmRegistry, logger: Logger): ServiceSecurity {
  const reloadMs = Math.round(config.reloadIntervalSeconds * 1000);
  let certificates: CheckedCertificateProvider | null = null;
  let credentials: ServerCredentials | null = null;
  if (config.tlsCert !== null && config.tlsKey !== null) {
    const files = { cert: config.tlsCert, key: config.tlsKey, clientCa: config.tlsClientCa };
    const material = loadTlsFiles(files, { cert: flagLabel('tlsCert'), key: flagLabel('tlsKey'), clientCa: flagLabel('tlsClientCa') });
    certificates = new CheckedCertificateProvider(files, material, reloadMs, logger);
    credentials = tlsServerCredentials(certificates, material.clientCa !== null);
    const leaf = summary(material.identity.certificate);
    if (leaf !== null && Date.parse(leaf.validTo) < Date.now()) logger.error({ certificate: leaf }, 'the certificate of --tls-cert has expired');
    logger.info({ certificate: leaf, mutual: material.clientCa !== null, reloadSeconds: config.reloadIntervalSeconds }, 'tls on the gRPC port');
  } else {
    logger.warn('no --tls-cert: the gRPC port speaks plaintext');
  }

  let authorizer: Authorizer | null = null;
  let reloader: AuthzReloader | null = null;
  if (config.authzFile !== null) {
    const { policy, digest } = loadAuthzFile(config.authzFile, flagLabel('authzFile'));
    authorizer = new Authorizer(policy, pendingCount(vms), roomCheck(vms));
    const a = authorizer;
    reloader = new AuthzReloader(config.authzFile, digest, (p) => a.replace(p), reloadMs, logger);
    logger.info({ file: config.authzFile, ...describePolicy(policy) }, 'authorization on');
    if (policy.hasTokens && credentials === null) logger.warn('the authz file has tokens but the gRPC port is plaintext: tokens travel in clear');
  } else {
    logger.warn('no --authz-file: every call is allowed, from anyone who reaches the gRPC port');
  }

  return {
    credentials,
    certificates,
    authorizer,
    start: () => reloader?.start(),
    stop: () => reloader?.stop(),
  };
}
