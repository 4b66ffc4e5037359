import { readFileSync, writeFileSync } from 'node:fs';

export const START_MARKER = '<!-- bench:results:start -->';
export const END_MARKER = '<!-- bench:results:end -->';

/** README.md lacks the markers between which the bench writes its latest table. */
export class ReadmeMarkersError extends Error {
  override name = 'ReadmeMarkersError';
}

/** Replaces the text between the result markers, keeping the hand-written explanations around them. */
export function replaceResults(readme: string, report: string, fileName = 'README.md'): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new ReadmeMarkersError(
      `${fileName} has no "${START_MARKER}" … "${END_MARKER}" pair in that order; put both lines back where the latest results belong.`,
    );
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${report}\n\n${readme.slice(end)}`;
}

export function writeResultsIntoReadme(path: string, report: string): void {
  writeFileSync(path, replaceResults(readFileSync(path, 'utf8'), report, path));
}
