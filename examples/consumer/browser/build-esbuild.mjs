// esbuild production build (minified, code-split ES modules), then the wasm files and the page.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// The Vite apps' page, pointing at this bundle instead.
const VITE_ENTRY = '<script type="module" src="./main-vite.js"></script>';

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
execFileSync('npx', ['--no-install', 'nophd-mnist', 'copy', 'dist/mnist', '--gzip'], { stdio: 'inherit' });
const page = readFileSync('index.html', 'utf8');
if (!page.includes(VITE_ENTRY)) throw new Error('index.html no longer loads ./main-vite.js; update VITE_ENTRY');
writeFileSync('dist/index.html', page.replace(VITE_ENTRY, '<script type="module" src="./app.js"></script>'));
