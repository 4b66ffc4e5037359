import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CheckpointError } from '../errors.js';

/** The file that marks a folder as taken by a live run. */
export const LOCK_FILE = '.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Claims `dir` for this process with an exclusively created lock file, so two live runs never write one
 * folder. A lock left by a process that no longer runs (killed, machine restarted) is reported through
 * `warn` and taken over. Returns the function that releases it.
 */
export async function claimFolder(dir: string, warn: (message: string) => void): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return async () => {
        const owner = await readOwner(path);
        if (owner?.pid === me.pid && owner.host === me.host) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(path);
    if (owner && isAlive(owner)) {
      throw new CheckpointError(`the folder ${dir}`, `is in use by another training run (process ${owner.pid} on ${owner.host}, since ${owner.since})`,
        'Wait for it to finish or stop it (Ctrl-C), or train into another folder (pnpm train: --out DIR).');
    }
    warn(`${dir} had a lock from a run that is no longer running (${owner ? `process ${owner.pid}, since ${owner.since}` : 'unreadable lock file'}); it was probably killed. Taking the folder over; its last complete checkpoint is kept.`);
    await rm(path, { force: true });
  }
  throw new CheckpointError(`the folder ${dir}`, 'could not be locked', 'Another run may be starting there at the same moment; try again, or use another folder.');
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine (a shared folder) cannot be checked: treat it as live.
  if (owner.host !== hostname()) return true;
  // Our own pid: another run in this very process holds the folder.
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
