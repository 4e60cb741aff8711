// One process per state directory (docs/state.md, "One process per directory"). The lock is a Unix
// socket bound in the directory: the kernel releases it when the process dies, however it dies, and
// a second process finds it by connecting. A PID file would not do: in containers every server is
// PID 1, so a stale file names a "live" process. A socket file left by a dead process refuses
// connections: it is stale and is replaced. Two processes that found the same stale file at the
// same moment would both replace it; a second look at the file after a moment tells the loser.
import { createConnection, createServer, type Server } from 'node:net';
import { closeSync, openSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'flic.lock';
/** sun_path holds 108 bytes; longer paths go through the directory's file descriptor. */
const MAX_SOCKET_PATH = 100;
/** How long after binding the socket file is checked to be still the one bound. */
const RECHECK_MS = 50;

export class StateDirLockedError extends Error {
  constructor(readonly dir: string) {
    super(`state directory ${dir} is in use by another flic process (its lock ${path.join(dir, LOCK_FILE)} answers); stop that process first`);
    this.name = 'StateDirLockedError';
  }
}

export interface StateDirLock {
  release(): Promise<void>;
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

function bind(socketPath: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.removeListener('error', reject);
      server.unref();
      resolve(server);
    });
  });
}

/** True when a live process listens on the socket. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function lockStateDir(dir: string): Promise<StateDirLock> {
  const file = path.join(dir, LOCK_FILE);
  let dirFd: number | null = null;
  let socketPath = file;
  if (file.length > MAX_SOCKET_PATH) {
    dirFd = openSync(dir, 'r');
    socketPath = `/proc/self/fd/${dirFd}/${LOCK_FILE}`;
  }
  try {
    const server = await bindOrReplaceStale(dir, socketPath, file);
    const bound = (await stat(file)).ino;
    await new Promise((r) => setTimeout(r, RECHECK_MS));
    if ((await stat(file).catch(() => null))?.ino !== bound) {
      server.close();
      throw new StateDirLockedError(dir);
    }
    return {
      async release() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await unlink(file).catch(() => undefined);
        if (dirFd !== null) closeSync(dirFd);
      },
    };
  } catch (err) {
    if (dirFd !== null) closeSync(dirFd);
    throw err;
  }
}

async function bindOrReplaceStale(dir: string, socketPath: string, file: string): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await bind(socketPath);
    } catch (err) {
      if (errnoCode(err) !== 'EADDRINUSE' || attempt > 0) {
        throw errnoCode(err) === 'EADDRINUSE' ? new StateDirLockedError(dir) : err;
      }
    }
    if (await answers(socketPath)) throw new StateDirLockedError(dir);
    // A dead process's socket: nobody listens on it any more.
    await unlink(file).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
  }
}
