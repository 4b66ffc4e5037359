import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markers, ReadmeMarkersError, replaceResults } from '../src/readme.js';

const full = markers('full');
const quick = markers('quick');

describe('replaceResults', () => {
  const readme = `# Title\n\n${full.start}\n\nold full\n\n${full.end}\n\n${quick.start}\n\nold quick\n\n${quick.end}\n\nAfter.\n`;

  it('replaces only the table of the run mode, keeping the other one', () => {
    const updated = replaceResults(readme, 'new quick', 'quick');
    expect(updated).toBe(`# Title\n\n${full.start}\n\nold full\n\n${full.end}\n\n${quick.start}\n\nnew quick\n\n${quick.end}\n\nAfter.\n`);
    expect(replaceResults(updated, 'new full', 'full')).toContain(`${full.start}\n\nnew full\n\n${full.end}`);
    expect(replaceResults(updated, 'new full', 'full')).toContain('new quick');
  });

  it('explains what is missing when a marker is gone', () => {
    expect(() => replaceResults('# no markers', 'x', 'full', 'README.md')).toThrow(ReadmeMarkersError);
    expect(() => replaceResults(`${quick.end}\n${quick.start}`, 'x', 'quick')).toThrow(/in that order/);
  });

  it('finds both pairs of markers in the committed README', () => {
    const committed = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(() => replaceResults(committed, 'x', 'full')).not.toThrow();
    expect(() => replaceResults(committed, 'x', 'quick')).not.toThrow();
  });
});
