import { defineConfig } from 'vite';
import { nophdWasm } from '@nophd/backend/vite';
import { nophdMnist } from '@nophd/mnist-data/vite';

// nophdWasm serves/emits tfjs-backend-wasm's binaries and sends COOP/COEP in dev and preview (threaded wasm);
// nophdMnist serves the MNIST files embedded in @nophd/mnist-data and writes them gzipped into the build.
export default defineConfig({
  plugins: [nophdWasm(), nophdMnist()],
  // The trainer runs in a module worker (src/training/trainer.worker.ts) that lazy-loads the tfjs backends: ES output.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs is large by nature; one chunk per backend is what we want, not a warning.
    chunkSizeWarningLimit: 2000,
  },
});
