import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** SHA-256 of some bytes, as hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes a file and flushes it to the disk before returning, so a later rename never points at lost data. */
export async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the renames made in it); a no-op where the platform cannot. */
export async function syncFolder(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder for syncing; its renames are durable enough for a checkpoint.
  }
}

/**
 * Replaces `path` in one step: write a temporary file next to it, flush, rename over. A failed write (a full
 * disk) removes its temporary file; `path` keeps its previous contents.
 */
export async function replaceFile(path: string, data: string, beforeRename?: () => void): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeDurably(temporary, data);
    beforeRename?.();
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates a folder and its missing parents. Not `mkdir(dir, { recursive: true })`: on some paths (inside
 * /proc, say) Node's recursive mkdir spins forever instead of failing; one level at a time fails at once.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a folder`), { code: 'ENOTDIR' });
      return;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeFolder(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}
