import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

export default defineConfig({ ...sharedBuild, clean: true, entry: { index: 'src/index.ts', node: 'src/node.ts', worker: 'src/worker.ts' } });
