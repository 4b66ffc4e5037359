import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { chromiumPath } from './chromium-path.js';

// Playwright adds its own switches on every launch (among them --enable-unsafe-swiftshader, which is why
// headless WebGL runs on SwiftShader); these are only what the suites add on top.

/** Test machines and containers run as root, where Chromium refuses its sandbox. */
const NO_SANDBOX = '--no-sandbox';

/**
 * For a throw-away profile: no first-run setup, no sync, no update or other background requests (a test's only
 * traffic is to its own server on 127.0.0.1), and no QUIC.
 */
export const QUIET_PROFILE_FLAGS: readonly string[] = [
  NO_SANDBOX,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Launches headless Chromium with Playwright's own temporary profile; `options.args` come after `--no-sandbox`.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ ...options, executablePath: chromiumPath(), args: [NO_SANDBOX, ...(options.args ?? [])] });
}

/** Options of `launchPersistentContext` that a suite may set (viewport, touch…); the browser itself is fixed. */
export type ProfileOptions = Omit<NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>, 'executablePath' | 'args'>;

/** A headless Chromium on its own fresh profile folder. */
export interface ChromiumProfile {
  context: BrowserContext;
  /** The profile folder, removed by {@link ChromiumProfile.close}. */
  dir: string;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium on a fresh profile folder under the temporary folder, with
 * {@link QUIET_PROFILE_FLAGS}; if the launch fails, the folder is removed before the error is thrown.
 *
 * @example
 * const chromium = await launchChromiumProfile({ viewport: { width: 1440, height: 960 } });
 * const page = await chromium.context.newPage();
 * await chromium.close();
 */
export async function launchChromiumProfile(options: ProfileOptions = {}): Promise<ChromiumProfile> {
  const executablePath = chromiumPath();
  const dir = await mkdtemp(join(tmpdir(), 'nophd-chromium-'));
  const removeProfile = () => rm(dir, { recursive: true, force: true });
  try {
    const context = await chromium.launchPersistentContext(dir, { headless: true, ...options, executablePath, args: [...QUIET_PROFILE_FLAGS] });
    return {
      context,
      dir,
      async close() {
        await context.close();
        await removeProfile();
      },
    };
  } catch (error) {
    await removeProfile();
    throw error;
  }
}
