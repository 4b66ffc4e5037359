import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-node',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
