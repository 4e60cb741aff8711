// KvmError ⇄ gRPC status with a google.rpc.Status trailer, both directions side by side. The
// server encodes every failure here (code and message are copied into the trailer exactly, as
// Python's grpcio-status requires); the client decodes here what any language's status-details
// support would read from the same bytes.

import path from 'node:path';
import { Metadata, type StatusObject, type status } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { ERRNO, KvmError, formatKvmError, isErrnoName, type ErrnoName } from '../device/errno.js';
import { ERRNO_STATUS } from './errnoCodes.js';
import { GOOGLE_PROTO_DIR } from './loader.js';
import {
  ERRNO_METADATA_KEY,
  ERROR_INFO_TYPE_URL,
  FLIC_ERROR_DOMAIN,
  GROUP_METADATA_KEY,
  STATUS_DETAILS_KEY,
  WRITTEN_KEY,
} from './wire.js';

/** A failed call as grpc-js carries it: the code, the message, and the trailers. */
export type WireStatus = StatusObject;

/** google.rpc.ErrorInfo as flic writes it. */
export interface ErrorInfo {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The ErrorInfo of a flic device error, as decoded from the trailer. */
export interface FlicErrorInfo {
  readonly reason: ErrnoName;
  readonly errno: number;
  readonly group: string;
  /** The other metadata entries (for example requiredBytes). */
  readonly metadata: Readonly<Record<string, string>>;
}

interface RpcStatusTypes {
  readonly Status: protobuf.Type;
  readonly ErrorInfo: protobuf.Type;
}

let rpcStatusTypes: RpcStatusTypes | undefined;

/** google.rpc.Status and ErrorInfo from google-proto-files (loaded once, never copied into flic). */
function loadRpcStatusTypes(): RpcStatusTypes {
  if (rpcStatusTypes === undefined) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(GOOGLE_PROTO_DIR, target);
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: false });
    rpcStatusTypes = {
      Status: root.lookupType('google.rpc.Status'),
      ErrorInfo: root.lookupType('google.rpc.ErrorInfo'),
    };
  }
  return rpcStatusTypes;
}

/** protobufjs's built-in google.protobuf.Any keeps the proto field name type_url. */
interface DecodedAny {
  type_url: string;
  value: Uint8Array;
}

// ---- encoding (the server) ------------------------------------------------------------------

/**
 * Every error's trailers together stay within this many bytes: C-core clients (Python, C++, Ruby)
 * refuse a header block over 8 KiB by default and then never see the status details, so the
 * errno would be lost (docs/errors.md, "Trailer size").
 */
export const MAX_ERROR_TRAILER_BYTES = 7 * 1024;
/** The longest message an error carries (the rest is cut, marked with an ellipsis). */
export const MAX_ERROR_MESSAGE_CHARS = 1024;
/** HPACK counts 32 bytes per header on top of its name and value (RFC 7541 §4.1), as C-core does. */
const HEADER_OVERHEAD = 32;
const ELLIPSIS = '…';

/** The size a header adds to the trailer block: binary values travel in base64. */
function headerSize(key: string, valueBytes: number, binary: boolean): number {
  const value = binary ? Math.ceil(valueBytes / 3) * 4 : valueBytes;
  return key.length + value + HEADER_OVERHEAD;
}

/** grpc-message is percent-encoded; encodeURIComponent encodes at least as much. */
function messageSize(message: string): number {
  return headerSize('grpc-message', encodeURIComponent(message).length, false);
}

function fitMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_CHARS ? message : message.slice(0, MAX_ERROR_MESSAGE_CHARS - 1) + ELLIPSIS;
}

/**
 * A status whose trailer holds a google.rpc.Status with the same code and message. `written`
 * (the bytes a failed GET wrote before failing) travels in its own trailer only while every
 * trailer together fits MAX_ERROR_TRAILER_BYTES; the ErrorInfo says how many records it held.
 */
export function encodeStatus(code: status, message: string, errorInfo: ErrorInfo | null = null, written?: Uint8Array): WireStatus {
  const { Status, ErrorInfo } = loadRpcStatusTypes();
  const text = fitMessage(message);
  const details =
    errorInfo === null ? [] : [{ type_url: ERROR_INFO_TYPE_URL, value: ErrorInfo.encode(errorInfo).finish() }];
  const statusBytes = Buffer.from(Status.encode({ code, message: text, details }).finish());
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, statusBytes);
  if (written !== undefined) {
    const size =
      headerSize('grpc-status', String(code).length, false) +
      messageSize(text) +
      headerSize(STATUS_DETAILS_KEY, statusBytes.length, true) +
      headerSize(WRITTEN_KEY, written.length, true);
    if (size <= MAX_ERROR_TRAILER_BYTES) metadata.set(WRITTEN_KEY, Buffer.from(written));
  }
  return { code, details: text, metadata };
}

/** The bytes an error's trailers take on the wire, counted as a C-core client counts them. */
export function trailerBytes(s: WireStatus): number {
  let size = headerSize('grpc-status', String(s.code).length, false) + messageSize(s.details);
  for (const [key, values] of Object.entries(s.metadata.toJSON())) {
    for (const v of values) size += headerSize(key, Buffer.isBuffer(v) ? v.length : Buffer.byteLength(v), Buffer.isBuffer(v));
  }
  return size;
}

/** A device error: the code from the errno table, ErrorInfo with the errno, group and figures. */
export function kvmErrorToStatus(err: KvmError): WireStatus {
  const metadata: Record<string, string> = {
    ...err.metadata,
    [ERRNO_METADATA_KEY]: String(err.errno),
    [GROUP_METADATA_KEY]: err.group,
  };
  return encodeStatus(
    ERRNO_STATUS[err.errnoName],
    err.message,
    { reason: err.errnoName, domain: FLIC_ERROR_DOMAIN, metadata },
    err.written,
  );
}

// ---- decoding (the client) ------------------------------------------------------------------

function firstBuffer(metadata: Metadata, key: string): Buffer | undefined {
  const v = metadata.get(key)[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

/** The flic ErrorInfo carried by a status's trailers, or undefined for any other failure. */
export function flicErrorInfo(trailers: Metadata): FlicErrorInfo | undefined {
  const bin = firstBuffer(trailers, STATUS_DETAILS_KEY);
  if (bin === undefined) return undefined;
  const { Status, ErrorInfo } = loadRpcStatusTypes();
  let details: DecodedAny[];
  try {
    details = (Status.toObject(Status.decode(bin), { defaults: true }) as { details: DecodedAny[] }).details;
  } catch {
    return undefined;
  }
  for (const detail of details) {
    if (detail.type_url !== ERROR_INFO_TYPE_URL) continue;
    const info = ErrorInfo.toObject(ErrorInfo.decode(detail.value), { defaults: true }) as ErrorInfo;
    if (info.domain !== FLIC_ERROR_DOMAIN || !isErrnoName(info.reason)) continue;
    const { [ERRNO_METADATA_KEY]: _errno, [GROUP_METADATA_KEY]: group = '', ...rest } = info.metadata;
    return { reason: info.reason, errno: ERRNO[info.reason], group, metadata: rest };
  }
  return undefined;
}

/**
 * The KvmError a status carries (`.errno`, `.errnoName`, `.group`, `.metadata`, `.written`), or
 * undefined when it carries no flic ErrorInfo (UNAVAILABLE, a deadline, …).
 */
export function kvmErrorFromStatus(s: Pick<WireStatus, 'details' | 'metadata'>): KvmError | undefined {
  const info = flicErrorInfo(s.metadata);
  if (info === undefined) return undefined;
  const prefix = formatKvmError(info.group, info.reason, '');
  const detail = s.details.startsWith(prefix) ? s.details.slice(prefix.length) : s.details;
  const written = firstBuffer(s.metadata, WRITTEN_KEY);
  return new KvmError(info.reason, info.group, detail, {
    metadata: info.metadata,
    ...(written === undefined ? {} : { written: new Uint8Array(written) }),
  });
}
