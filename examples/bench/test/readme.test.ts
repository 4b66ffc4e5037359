import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END_MARKER, ReadmeMarkersError, replaceResults, START_MARKER } from '../src/readme.js';

describe('replaceResults', () => {
  const readme = `# Title\n\nText.\n\n${START_MARKER}\n\nold table\n\n${END_MARKER}\n\nAfter.\n`;

  it('replaces only the text between the markers', () => {
    const updated = replaceResults(readme, 'new table');
    expect(updated).toBe(`# Title\n\nText.\n\n${START_MARKER}\n\nnew table\n\n${END_MARKER}\n\nAfter.\n`);
    expect(replaceResults(updated, 'newer')).toContain(`${START_MARKER}\n\nnewer\n\n${END_MARKER}`);
  });

  it('explains what is missing when a marker is gone', () => {
    expect(() => replaceResults('# no markers', 'x', 'README.md')).toThrow(ReadmeMarkersError);
    expect(() => replaceResults(`${END_MARKER}\n${START_MARKER}`, 'x')).toThrow(/in that order/);
  });

  it('finds both markers in the committed README', () => {
    const committed = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(() => replaceResults(committed, 'x')).not.toThrow();
  });
});
