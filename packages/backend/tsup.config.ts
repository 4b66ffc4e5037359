import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', vite: 'src/vite/index.ts', cli: 'src/node/cli.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The Vite plugin resolves tfjs-backend-wasm with import.meta.url, which the CJS build must shim.
  shims: true,
});
