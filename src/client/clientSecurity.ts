// What a client needs to reach a flic server that runs with --tls-cert, --tls-client-ca or
// --authz-file (docs/security.md): TLS credentials from PEM bytes (a CA, and a certificate with its
// key for mutual TLS), the name to verify when the address is an IP, and a bearer token sent on
// every call.

import * as grpc from '@grpc/grpc-js';

export interface FlicTlsOptions {
  /** PEM of the CA(s) that issued the server's certificate; default: the system's roots. */
  readonly ca?: Buffer | string | undefined;
  /** PEM client certificate (chain), for a server with --tls-client-ca. */
  readonly cert?: Buffer | string | undefined;
  /** PEM private key of `cert`. */
  readonly key?: Buffer | string | undefined;
  /** The name the server's certificate must carry, when the address does not carry it. */
  readonly serverName?: string | undefined;
}

function bytes(x: Buffer | string | undefined): Buffer | null {
  return x === undefined ? null : Buffer.isBuffer(x) ? x : Buffer.from(x);
}

export function tlsCredentials(tls: FlicTlsOptions): grpc.ChannelCredentials {
  const cert = bytes(tls.cert);
  const key = bytes(tls.key);
  if ((cert === null) !== (key === null)) throw new TypeError('flic: a client certificate needs its key, and a key its certificate');
  return grpc.credentials.createSsl(bytes(tls.ca), key, cert);
}

/** Channel options that make TLS verify `serverName` instead of the address's host. */
export function serverNameOptions(tls: FlicTlsOptions | undefined): grpc.ChannelOptions {
  const name = tls?.serverName;
  return name === undefined ? {} : { 'grpc.ssl_target_name_override': name, 'grpc.default_authority': name };
}

/** The value of the `authorization` header flic reads a token from. */
export function bearerHeader(token: string): string {
  return `Bearer ${token}`;
}

/** A client interceptor that sends `authorization: Bearer <token>` with every call. */
export function bearerTokenInterceptor(token: string): grpc.Interceptor {
  const header = bearerHeader(token);
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', header);
        next(metadata, listener);
      },
    });
}
