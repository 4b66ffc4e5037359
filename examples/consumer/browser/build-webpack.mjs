// webpack 5 production build (minified by Terser), then the wasm files and the page next to the bundle.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import webpack from 'webpack';

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
writeFileSync(resolve(dist, 'index.html'), readFileSync('page.html', 'utf8').replace('<!--app-->', '<script defer src="./app.js"></script>'));
