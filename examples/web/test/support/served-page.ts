import { inject } from 'vitest';
import { openPage, type OpenPage } from './browser';
import { serveStatic, type StaticSite } from './static-server';

/** The built site served statically and opened in a fresh Chromium: one per test, closed after it. */
export interface ServedPage {
  site: StaticSite;
  browser: OpenPage;
}

let current: ServedPage | undefined;

/** Serves the site built by global-setup and opens `query` on it (`isolated`: with COOP/COEP headers). */
export async function servePage(query: string, options: { isolated?: boolean; initScript?: string; hasTouch?: boolean } = {}): Promise<ServedPage> {
  const site = await serveStatic(inject('siteDir'), { isolated: options.isolated });
  current = { site, browser: await openPage(`${site.url}${query}`, { initScript: options.initScript, hasTouch: options.hasTouch }) };
  return current;
}

/** Closes the page and the server of the last {@link servePage}; for `afterEach`. */
export async function closeServedPage(): Promise<void> {
  const served = current;
  current = undefined;
  await served?.browser.close();
  await served?.site.close();
}
