// The single home of errno names and Linux numbers, and of KvmError.
// Pure data: the client and the server import this module too.

/** Linux errno numbers (asm-generic/errno-base.h, errno.h) that the FLIC model can produce. */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ENXIO: 6,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  ENOTTY: 25,
  EOPNOTSUPP: 95,
  ENOBUFS: 105,
} as const;

export type ErrnoName = keyof typeof ERRNO;

const NAME_BY_NUMBER: ReadonlyMap<number, ErrnoName> = new Map(
  (Object.keys(ERRNO) as ErrnoName[]).map((name) => [ERRNO[name], name]),
);

export function errnoName(errno: number): ErrnoName | undefined {
  return NAME_BY_NUMBER.get(errno);
}

export function isErrnoName(name: string): name is ErrnoName {
  return Object.prototype.hasOwnProperty.call(ERRNO, name);
}

/** Extra figures an error carries to the caller (ErrorInfo metadata on the wire). */
export type KvmErrorMetadata = Readonly<Record<string, string>>;

/** The keys of the figures device errors carry (lowerCamelCase, as ErrorInfo asks). */
export const ErrorFigure = {
  /** GET_ALL_IRQS ENOMEM: a buffer length that is enough. */
  RequiredBytes: 'requiredBytes',
  /**
   * The 2013 GET_ALL_IRQS ENOMEM: records written before the buffer ran out. Always present; the
   * bytes themselves travel only while the error's trailers stay small (docs/errors.md).
   */
  WrittenRecords: 'writtenRecords',
  /** Every ENQUEUE failure: records of the call injected before it failed (they stay injected). */
  AcceptedRecords: 'acceptedRecords',
} as const;

export interface KvmErrorOptions {
  /** Helpful figures, lowerCamelCase keys (for example requiredBytes on GET_ALL_IRQS ENOMEM). */
  metadata?: KvmErrorMetadata;
  /**
   * Bytes the failing call had already written at addr before it failed. Only the 2013
   * device's GET_ALL_IRQS writes before failing (spec §11.3); everywhere else it is absent.
   */
  written?: Uint8Array;
}

/**
 * A failure with the kernel's errno. `group` is the attribute group's kernel name (or the
 * ioctl / registry operation for errors outside the attribute groups).
 */
export class KvmError extends Error {
  readonly errno: number;
  readonly metadata: KvmErrorMetadata;
  readonly written: Uint8Array | undefined;

  constructor(
    readonly errnoName: ErrnoName,
    readonly group: string,
    readonly detail: string,
    options: KvmErrorOptions = {},
  ) {
    super(formatKvmError(group, errnoName, detail));
    this.name = 'KvmError';
    this.errno = ERRNO[errnoName];
    this.metadata = options.metadata ?? {};
    this.written = options.written;
  }
}

/** The same failure with more figures (a KvmError is never changed once thrown). */
export function withFigures(err: KvmError, figures: KvmErrorMetadata): KvmError {
  const copy = new KvmError(err.errnoName, err.group, err.detail, {
    metadata: { ...err.metadata, ...figures },
    ...(err.written === undefined ? {} : { written: err.written }),
  });
  copy.stack = err.stack;
  return copy;
}

/** `n` followed by `noun`, plural unless n is 1 ("1 record", "0 records"). */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The one format of an error's text: `GROUP: ERRNO: detail`. */
export function formatKvmError(group: string, errnoName: ErrnoName, detail: string): string {
  return `${group}: ${errnoName}: ${detail}`;
}
