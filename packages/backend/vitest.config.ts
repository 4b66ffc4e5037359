import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'backend',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/quiet-tfjs.ts'],
    testTimeout: 60_000,
  },
});
