import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The folder the user typed the command in. `pnpm train` runs the script inside examples/node,
 * but pnpm passes the original directory as INIT_CWD, so `--out runs/x` lands where the user expects.
 */
export function userDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** Resolves a path from the command line against {@link userDir}. */
export function resolveUserPath(path: string): string {
  return isAbsolute(path) ? path : resolve(userDir(), path);
}

/** A path for messages: relative to where the user is when that is shorter. */
export function displayPath(path: string): string {
  const shown = relative(userDir(), path);
  return shown === '' ? '.' : shown.startsWith('..') ? path : shown;
}
