import { defineProject } from 'vitest/config';

// Only the bench's own logic is tested here; its timings are never asserted.
export default defineProject({
  test: {
    name: 'example-bench',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/quiet-tfjs.ts'],
  },
});
