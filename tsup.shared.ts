import type { Options } from 'tsup';

/**
 * What every nophd package's build shares: ESM and CJS, each with its own declarations (.d.ts / .d.cts, so
 * neither resolution masquerades as the other), source maps into the shipped src/, ES2022. Each package's
 * tsup.config.ts adds its entries and what is special about it.
 */
export const sharedBuild = { format: ['esm', 'cjs'], dts: true, sourcemap: true, target: 'es2022' } satisfies Options;
