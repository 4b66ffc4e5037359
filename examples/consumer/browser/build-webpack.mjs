// webpack 5 production build (minified by Terser), then the wasm files and the page next to the bundle.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import webpack from 'webpack';

// The Vite apps' page, pointing at this bundle instead.
const VITE_ENTRY = '<script type="module" src="./main-vite.js"></script>';
const dist = resolve('dist');
const stats = await new Promise((done, fail) =>
  webpack(
    {
      mode: 'production',
      entry: './main-wasm-paths.js',
      output: { path: dist, filename: 'app.js', clean: true },
      performance: { hints: false },
    },
    (error, result) => (error ? fail(error) : done(result)),
  ),
);
if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
execFileSync('npx', ['--no-install', 'nophd-wasm', 'copy', 'dist/nophd-wasm'], { stdio: 'inherit' });
execFileSync('npx', ['--no-install', 'nophd-mnist', 'copy', 'dist/mnist', '--gzip'], { stdio: 'inherit' });
const page = readFileSync('index.html', 'utf8');
if (!page.includes(VITE_ENTRY)) throw new Error('index.html no longer loads ./main-vite.js; update VITE_ENTRY');
writeFileSync(resolve(dist, 'index.html'), page.replace(VITE_ENTRY, '<script defer src="./app.js"></script>'));
