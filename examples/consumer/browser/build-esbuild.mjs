// esbuild production build (minified, code-split ES modules), then the wasm files and the page.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { app: 'main-wasm-paths.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  platform: 'browser',
  target: 'es2022',
  outdir: 'dist',
  logLevel: 'warning',
});
execFileSync('npx', ['--no-install', 'nophd-wasm', 'copy', 'dist/nophd-wasm'], { stdio: 'inherit' });
writeFileSync('dist/index.html', readFileSync('page.html', 'utf8').replace('<!--app-->', '<script type="module" src="./app.js"></script>'));
