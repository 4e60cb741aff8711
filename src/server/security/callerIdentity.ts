// Who a call says it is: the names of its verified client certificate (CN and SANs, under mTLS),
// and its bearer token (`authorization: Bearer …`), as identity keys of authzPolicy.ts. Nothing
// here decides anything: authorizer.ts looks the keys up.

import type { Metadata } from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { identityKey, type IdentityKind } from './authzPolicy.js';

export const AUTHORIZATION_KEY = 'authorization';
/** RFC 6750's b64token, after the scheme and one space. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
/** A longer header is not a token flic could have issued a hash for. */
const MAX_TOKEN_CHARS = 4096;

/** What a call's authorization header holds. */
export type BearerToken =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly why: string }
  /** The token's identity key, `sha256:<hex of its SHA-256>`; the token itself is not kept. */
  | { readonly kind: 'token'; readonly key: string };

const NO_TOKEN: BearerToken = { kind: 'none' };

export function tokenKey(token: string): string {
  return identityKey('sha256', createHash('sha256').update(token, 'utf8').digest('hex'));
}

export function bearerToken(metadata: Metadata): BearerToken {
  const values = metadata.get(AUTHORIZATION_KEY);
  if (values.length === 0) return NO_TOKEN;
  if (values.length > 1) return { kind: 'invalid', why: 'more than one authorization header' };
  const value = values[0];
  if (typeof value !== 'string' || value.length > MAX_TOKEN_CHARS) return { kind: 'invalid', why: 'the authorization header is not a bearer token' };
  const m = BEARER.exec(value);
  if (m === null) return { kind: 'invalid', why: 'the authorization header is not "Bearer <token>"' };
  return { kind: 'token', key: tokenKey(m[1] as string) };
}

/** Node's names for the SAN types flic matches (tls.checkServerIdentity reads the same string). */
const SAN_KINDS: Readonly<Record<string, IdentityKind>> = { DNS: 'dns', URI: 'uri', 'IP Address': 'ip', email: 'email' };

/**
 * The entries of Node's `subjectaltname` string: `TYPE:value` joined by ", ". Since Node 17 a value
 * that holds a comma, a quote or other special characters is written as a JSON string, so a
 * certificate cannot smuggle a second entry into one value.
 */
export function subjectAltNames(text: string): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end++;
      try {
        value = JSON.parse(text.slice(colon + 1, end)) as string;
      } catch {
        break;
      }
    } else {
      const comma = text.indexOf(', ', colon + 1);
      end = comma < 0 ? text.length : comma;
      value = text.slice(colon + 1, end);
    }
    out.push([type, value]);
    i = end + 2;
  }
  return out;
}

/** The identity keys a verified client certificate stands for: its CN(s) and its SANs. */
export function certificateKeys(cert: PeerCertificate): string[] {
  const keys: string[] = [];
  const cn = cert.subject?.CN as string | string[] | undefined;
  for (const name of Array.isArray(cn) ? cn : cn === undefined ? [] : [cn]) keys.push(identityKey('cn', name));
  if (typeof cert.subjectaltname === 'string') {
    for (const [type, value] of subjectAltNames(cert.subjectaltname)) {
      const kind = SAN_KINDS[type];
      if (kind !== undefined) keys.push(identityKey(kind, value));
    }
  }
  return keys;
}
