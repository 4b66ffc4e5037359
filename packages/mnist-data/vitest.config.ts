import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'mnist-data',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
