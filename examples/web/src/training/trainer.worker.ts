import { serveTraining } from '@nophd/training/worker';

// The module worker the page starts (main.ts): training runs here, so the page's main thread only draws.
serveTraining(self);
