import { readFileSync, writeFileSync } from 'node:fs';

export type ReportMode = 'full' | 'quick';

/** The comment lines between which the latest table of each mode lives in README.md. */
export function markers(mode: ReportMode): { start: string; end: string } {
  return { start: `<!-- bench:${mode}:start -->`, end: `<!-- bench:${mode}:end -->` };
}

/** README.md lacks the markers between which the bench writes its latest table. */
export class ReadmeMarkersError extends Error {
  override name = 'ReadmeMarkersError';
}

/**
 * Replaces the text between the markers of `mode`, keeping the hand-written explanations and the
 * other mode's table: a `--quick` run does not erase the figures only the full run measures.
 */
export function replaceResults(readme: string, report: string, mode: ReportMode, fileName = 'README.md'): string {
  const { start: startMarker, end: endMarker } = markers(mode);
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start === -1 || end === -1 || end < start) {
    throw new ReadmeMarkersError(
      `${fileName} has no "${startMarker}" … "${endMarker}" pair in that order; put both lines back where the latest ${mode} results belong.`,
    );
  }
  return `${readme.slice(0, start + startMarker.length)}\n\n${report}\n\n${readme.slice(end)}`;
}

export function writeResultsIntoReadme(path: string, report: string, mode: ReportMode): void {
  writeFileSync(path, replaceResults(readFileSync(path, 'utf8'), report, mode, path));
}
