import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'training-callbacks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
