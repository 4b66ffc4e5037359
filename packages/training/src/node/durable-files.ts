import { createHash } from 'node:crypto';
import { open, rename } from 'node:fs/promises';

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

/** Replaces `path` in one step: write a temporary file next to it, flush, rename over. */
export async function replaceFile(path: string, data: string, beforeRename?: () => void): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeDurably(temporary, data);
  beforeRename?.();
  await rename(temporary, path);
}
