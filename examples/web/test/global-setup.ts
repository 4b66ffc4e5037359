import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
  }
}

/**
 * Builds the site once, with the real `vite build`, for every browser test to serve.
 * NOPHD_WEB_DIST=<dir> serves an existing build instead (quicker when iterating on the tests).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prebuilt = process.env.NOPHD_WEB_DIST;
  if (prebuilt) {
    project.provide('siteDir', prebuilt);
    return async () => {};
  }
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const outDir = await mkdtemp(join(tmpdir(), 'nophd-web-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  project.provide('siteDir', outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
