import { defineConfig } from 'vitest/config';

// One Vitest run over every workspace project, so `pnpm test` at the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'tools/*', 'docs'],
  },
});
