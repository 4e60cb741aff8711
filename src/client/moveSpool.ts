// The rebalance's spool (docs/state.md, "Rebalancing"): a VM that keeps changing is moved by
// deleting it on its old owner first (only if it is still the state copied) and importing it on
// its new one after. In between, the state exists only with the rebalance, so it is first written
// here, durably: a rebalance that dies in that gap finds the file on its next run and imports it.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

const NAME = /^move-([0-9a-f]+)-([0-9a-f]+)\.flic$/;

export interface SpooledMove {
  readonly vmId: string;
  /** The replica the VM is moving to. */
  readonly to: string;
  readonly file: string;
}

function hex(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex');
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class MoveSpool {
  constructor(readonly dir: string) {}

  /** The state of `vmId` on its way to `to`, on disk before the old copy may be deleted. */
  async put(vmId: string, to: string, state: Uint8Array): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `move-${hex(vmId)}-${hex(to)}.flic`);
    const temporary = `${file}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.write(state);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    syncDir(this.dir);
    return file;
  }

  async remove(file: string): Promise<void> {
    await unlink(file).catch(() => undefined);
    syncDir(this.dir);
  }

  /** The moves an earlier run left half-way (an empty list when the directory does not exist). */
  async list(): Promise<SpooledMove[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: SpooledMove[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (m === null) continue;
      out.push({ vmId: Buffer.from(m[1]!, 'hex').toString('utf8'), to: Buffer.from(m[2]!, 'hex').toString('utf8'), file: path.join(this.dir, name) });
    }
    return out;
  }

  async read(move: SpooledMove): Promise<Uint8Array> {
    const b = await readFile(move.file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}
