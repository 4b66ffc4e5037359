// render/panels.ts (another change in flight) imports from here; once merged, point it at '@nophd/training/worker' and delete this file.
export type { MetricPoint } from '@nophd/training/worker';
