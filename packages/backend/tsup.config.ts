import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

export default defineConfig({ ...sharedBuild, clean: true, entry: { index: 'src/index.ts', vite: 'src/vite/index.ts', cli: 'src/node/cli.ts' },
  // The Vite plugin resolves tfjs-backend-wasm with import.meta.url, which the CJS build must shim.
  shims: true });
