/**
 * The ```ts / ```js blocks of the root README and every package README, with the rule that says how CI checks each.
 * A block runs in Node unless the comment on the line before its fence says otherwise:
 *   <!-- snippet: browser -->            type-checked, then bundled for the browser (it needs a page to run)
 *   <!-- snippet: browser; given: a, b --> the same, with a and b declared as the app's own (code the README
 *                                         leaves to the reader, e.g. `restartTraining()`)
 *   <!-- snippet: config -->             a config file (vite.config.ts): type-checked only
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** How CI checks a snippet. */
export type SnippetRule = 'node' | 'browser' | 'config';

/** One code block of a README. */
export interface Snippet {
  /** README path relative to the repository root. */
  readme: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** File-name-safe id, e.g. `packages-models-README-27`. */
  id: string;
  lang: 'ts' | 'js';
  rule: SnippetRule;
  /** Names the README leaves to the reader, declared for the type-check. */
  given: string[];
  code: string;
}

const MARKER = /^<!--\s*snippet:\s*(node|browser|config)\s*(?:;\s*given:\s*([\w\s,]+))?-->$/;

/** The READMEs whose code is checked: the root one and each package's. */
export function readmePaths(root: string): string[] {
  const packages = readdirSync(join(root, 'packages')).sort();
  return [join(root, 'README.md'), ...packages.map((name) => join(root, 'packages', name, 'README.md'))];
}

/** The ts/js blocks of one README, in order. */
export function extractSnippets(markdown: string, readme: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${readme}:${i + 1}: unclosed code block`);
    const lang = open[1]!;
    if (lang === 'ts' || lang === 'js') {
      let k = i - 1;
      while (k >= 0 && lines[k]!.trim() === '') k--;
      const marker = k >= 0 ? MARKER.exec(lines[k]!.trim()) : null;
      snippets.push({
        readme,
        line: i + 1,
        id: `${readme.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-${i + 1}`,
        lang,
        rule: (marker?.[1] as SnippetRule | undefined) ?? 'node',
        given: marker?.[2]?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
        code: lines.slice(i + 1, end).join('\n') + '\n',
      });
    }
    i = end;
  }
  return snippets;
}

/** Every checked snippet of the repository. */
export function allSnippets(root: string): Snippet[] {
  return readmePaths(root).flatMap((path) => extractSnippets(readFileSync(path, 'utf8'), relative(root, path)));
}
