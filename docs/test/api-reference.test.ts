// The API reference (`pnpm run docs`) is generated from the TSDoc comments; this converts the same sources with the
// same typedoc.json and fails on any warning, so an export without a doc comment (or with a broken {@link}) fails CI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';
import { expect, it } from 'vitest';

it('documents every export of every package (TypeDoc validation, warnings as errors)', async () => {
  const app = await Application.bootstrapWithPlugins({
    options: fileURLToPath(new URL('../typedoc.json', import.meta.url)),
  });
  const messages: string[] = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message, level) => {
    messages.push(String(message));
    log(message, level);
  };
  const project = await app.convert();
  expect(project, messages.join('\n')).toBeDefined();
  app.validate(project!);
  expect(messages.filter((m) => /does not have any documentation|failed to resolve|not included in the documentation/i.test(m))).toEqual([]);
  expect(app.logger.hasErrors() || app.logger.hasWarnings(), messages.join('\n')).toBe(false);
  // Not a formality: the reference holds a module for each entry point that typedoc.json lists.
  const config = JSON.parse(readFileSync(new URL('../typedoc.json', import.meta.url), 'utf8')) as { entryPoints: string[] };
  expect(project!.children?.length).toBe(config.entryPoints.length);
}, 180_000);
