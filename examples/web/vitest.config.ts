import { defineProject } from 'vitest/config';

// Browser tests drive Debian's chromium from Node; the page itself is built by Vite inside the tests.
export default defineProject({
  test: {
    name: 'example-web',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // One Chromium at a time: the machines running this suite have two cores.
    fileParallelism: false,
    // A real browser training on two shared cores is timing-sensitive; in CI a failed scenario gets one more
    // full run (Playwright's own CI default is two), and a second failure fails the suite.
    retry: process.env.CI ? 1 : 0,
  },
});
