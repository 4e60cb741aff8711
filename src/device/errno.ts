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

/** The one format of an error's text: `GROUP: ERRNO: detail`. */
export function formatKvmError(group: string, errnoName: ErrnoName, detail: string): string {
  return `${group}: ${errnoName}: ${detail}`;
}
