import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const packagesDir = join(repoRoot, 'packages');
export const TFJS = '4.22.0';

/**
 * The bundlers the browser apps are built with, at exact versions from the npm registry. Both Vites
 * are installed under aliases, so one install serves every app.
 */
export const BUNDLERS = {
  vite7: 'vite7@npm:vite@7.3.8',
  vite8: 'vite8@npm:vite@8.4.0',
  webpack: 'webpack@5.113.0',
  esbuild: 'esbuild@0.28.2',
} as const;

export function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }) as string;
}

/** The app's package.json: a private course app, CommonJS unless `type` says otherwise. */
export function writeAppPackageJson(app: string, type?: 'module'): void {
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'course-app', private: true, version: '1.0.0', type }));
}

/**
 * Packs every workspace package and installs the tarballs, with tfjs, TypeScript and the bundlers,
 * into one throw-away app outside the workspace, the way a course app consumes nophd. Returns its folder.
 */
export function installConsumerApp(): string {
  const app = mkdtempSync(join(tmpdir(), 'nophd-consumer-'));
  const tarballs = join(app, 'tarballs');
  const names = readdirSync(packagesDir);
  for (const name of names) run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(packagesDir, name) });
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  if (packed.length !== names.length) throw new Error(`packed ${packed.length} tarballs for ${names.length} packages`);
  writeAppPackageJson(app);
  run('npm', [
    'install', '--no-audit', '--no-fund', '--loglevel=error',
    ...packed,
    `@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-layers@${TFJS}`,
    `@tensorflow/tfjs-backend-cpu@${TFJS}`, `@tensorflow/tfjs-backend-wasm@${TFJS}`,
    `@tensorflow/tfjs-backend-webgl@${TFJS}`,
    'typescript@5.9.3', '@types/node@20',
    ...Object.values(BUNDLERS),
  ], { cwd: app });
  return app;
}
