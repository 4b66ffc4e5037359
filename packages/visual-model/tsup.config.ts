import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

export default defineConfig({ ...sharedBuild, clean: true, entry: ['src/index.ts'] });
