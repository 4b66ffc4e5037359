import type { Page } from 'playwright-core';

/**
 * Collects what a page reports going wrong: console errors (`console.error: …`) and uncaught exceptions
 * (`uncaught: …`). The array fills as the page runs; a test expects it to stay empty.
 *
 * @example
 * const problems = collectPageProblems(page);
 * await page.goto(url);
 * expect(problems).toEqual([]);
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}
