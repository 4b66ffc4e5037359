import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, chromiumPath, DEFAULT_CHROMIUM_PATH } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nophd-test-support-'));
const fakeChromium = join(dir, 'chrome');
writeFileSync(fakeChromium, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chromiumPath', () => {
  it('uses $CHROMIUM_PATH when it names a file', () => {
    expect(chromiumPath({ CHROMIUM_PATH: fakeChromium })).toBe(fakeChromium);
  });

  it('says to fix CHROMIUM_PATH when it names nothing', () => {
    const missing = join(dir, 'missing');
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(ChromiumNotFoundError);
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(`No Chromium at ${missing} (from CHROMIUM_PATH): point CHROMIUM_PATH at`);
  });

  // Whether this machine has Debian's chromium decides which of the two answers is right.
  it.each([{}, { CHROMIUM_PATH: '' }])("falls back to Debian's /usr/bin/chromium, or says how to install it (env %o)", (env) => {
    if (existsSync(DEFAULT_CHROMIUM_PATH)) expect(chromiumPath(env)).toBe(DEFAULT_CHROMIUM_PATH);
    else
      expect(() => chromiumPath(env)).toThrow(
        `No Chromium at ${DEFAULT_CHROMIUM_PATH}: the browser tests drive Debian's chromium; install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.`,
      );
  });
});
