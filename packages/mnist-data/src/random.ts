import seedrandom from 'seedrandom';

/** A seeded source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Alea from `seedrandom` (the generator tfjs-core itself uses for seeded ops, so it costs no extra download):
 * the same seed gives the same sequence on every platform. Without a seed, one is drawn from Math.random.
 */
export function createRandom(seed?: number | string, stream = ''): Random {
  const key = seed === undefined ? String(Math.random()) : String(seed);
  return seedrandom.alea(`${key}${stream}`);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates, driven by `random`). */
export function permutation(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** k distinct indices out of 0..n-1, uniformly at random (a partial Fisher–Yates). */
export function choose(k: number, n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order.slice(0, k);
}
