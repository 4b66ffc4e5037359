import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package installs the browser (the CI image installs it: see .ci/run). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** No Chromium at the path the browser tests were told to use. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';

  constructor(
    /** The path that was tried. */
    readonly path: string,
    /** Whether the path came from `$CHROMIUM_PATH` rather than the default. */
    readonly fromEnvironment: boolean,
  ) {
    super(
      fromEnvironment
        ? `No Chromium at ${path} (from CHROMIUM_PATH): point CHROMIUM_PATH at a Chromium executable, or unset it to use ${DEFAULT_CHROMIUM_PATH}.`
        : `No Chromium at ${path}: the browser tests drive Debian's chromium; install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
}

/**
 * The Chromium the browser tests drive: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. Checked here so a
 * missing browser fails with what to do, not with Playwright's launch log.
 *
 * @example
 * chromiumPath(); // '/usr/bin/chromium'
 * chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' }); // '/opt/chromium/chrome', if it exists
 */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  const fromEnvironment = Boolean(env.CHROMIUM_PATH);
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  if (!existsSync(path)) throw new ChromiumNotFoundError(path, fromEnvironment);
  return path;
}
