// Measures percentileBands on weight-sized inputs (run after `pnpm build`): `pnpm bench`.
import { percentileBands } from '../dist/index.js';

for (const n of [10_000, 200_000, 1_000_000]) {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
  for (let i = 0; i < 3; i++) percentileBands(values); // warm-up
  const runs = n > 500_000 ? 10 : 30;
  const start = performance.now();
  for (let i = 0; i < runs; i++) percentileBands(values);
  const ms = (performance.now() - start) / runs;
  console.log(`percentileBands(Float32Array(${n.toLocaleString('en')})): ${ms.toFixed(2)} ms per sample`);
}
