import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'visual-model',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
