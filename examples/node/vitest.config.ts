import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-node',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    // beforeAll hooks train real models: on a shared 2-core machine that takes longer than the default 10 s.
    hookTimeout: 300_000,
  },
});
