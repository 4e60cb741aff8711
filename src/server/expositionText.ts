// Exposition text written straight into buffers, for the per-VM families: at 10,000 VMs they are
// 160,000 lines, and building them as strings first left tens of megabytes of garbage per scrape,
// whose collection paused the event loop for milliseconds at a time. Fixed parts are encoded
// once; a VM id and a number are written into the current chunk without a string in between.

/** Bytes of one chunk: a new one starts when a line might not fit. */
const CHUNK_BYTES = 256 * 1024;
/** Longer than any line: a family name, a VM id (at most 128 characters) and an escape of each. */
const MAX_LINE_BYTES = 512;

/** ASCII bytes of `text`, for the fixed parts of lines. */
export function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const ZERO = 0x30;

export class ExpositionWriter {
  private readonly done: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;

  /** Makes room for one more line (call before each). */
  line(): void {
    if (this.at + MAX_LINE_BYTES <= this.chunk.length) return;
    this.done.push(this.chunk.subarray(0, this.at));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = 0;
  }

  /** A fixed part (tens of bytes: a plain loop costs less than Buffer.copy's checks). */
  bytes(b: Buffer): void {
    const c = this.chunk;
    let at = this.at;
    for (let i = 0; i < b.length; i++) c[at++] = b[i]!;
    this.at = at;
  }

  /** A label value, escaped as the text format wants (backslash, double quote, newline). */
  labelValue(value: string): void {
    const c = this.chunk;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      if (ch === BACKSLASH || ch === QUOTE) {
        c[this.at++] = BACKSLASH;
        c[this.at++] = ch;
      } else if (ch === NEWLINE) {
        c[this.at++] = BACKSLASH;
        c[this.at++] = 0x6e; // n
      } else {
        c[this.at++] = ch;
      }
    }
  }

  /** A non-negative integer in decimal. */
  uint(n: number): void {
    const c = this.chunk;
    if (n < 10) {
      c[this.at++] = ZERO + n;
      return;
    }
    let digits = 1;
    for (let t = 10; t <= n; t *= 10) digits++;
    let v = n;
    for (let i = this.at + digits - 1; i >= this.at; i--) {
      c[i] = ZERO + (v % 10);
      v = Math.floor(v / 10);
    }
    this.at += digits;
  }

  /** Everything written, in order (the writer is finished). */
  finish(): Buffer[] {
    if (this.at > 0) this.done.push(this.chunk.subarray(0, this.at));
    this.at = 0;
    return this.done;
  }
}
