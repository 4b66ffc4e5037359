import { defineConfig, type Options } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

// d3-scale and d3-shape ship ESM only. The ESM build imports them as normal dependencies; the CJS build
// bundles them (and their d3-* dependencies) so that `require()` works in plain Node without
// require(esm) warnings or failures on older Node versions. `dist` is emptied by the build script, not
// by tsup's `clean`, because the two builds run in parallel.
// Source maps point at the shipped src/; the CJS build has none, since d3's sources are not in this package.
const common: Options = { entry: ['src/index.ts'], dts: sharedBuild.dts, target: sharedBuild.target };

export default defineConfig([
  { ...common, format: ['esm'], sourcemap: true },
  { ...common, format: ['cjs'], noExternal: [/^d3-/, 'internmap'] },
]);
