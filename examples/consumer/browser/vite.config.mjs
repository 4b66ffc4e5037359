// Used by both Vite 7 and Vite 8: the README's config, a production build (minified by default).
import { nophdWasm } from '@nophd/backend/vite';
import { nophdMnist } from '@nophd/mnist-data/vite';

export default {
  plugins: [nophdWasm(), nophdMnist()],
  logLevel: 'warn',
  build: { chunkSizeWarningLimit: 4000, reportCompressedSize: false },
};
