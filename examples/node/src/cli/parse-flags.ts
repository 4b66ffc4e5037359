import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** The parsed values: booleans for boolean flags, strings otherwise; absent flags are undefined. */
export type FlagValues<T extends OptionSpecs> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/**
 * Runs `node:util` parseArgs in strict mode and turns its terse errors into a
 * {@link UsageError} that lists the flags this command understands.
 */
export function parseFlags<T extends OptionSpecs>(argv: string[], options: T, command: string): { values: FlagValues<T> } {
  try {
    const { values } = parseArgs({ args: joinNegativeNumbers(argv, options), strict: true, allowPositionals: false, options });
    return { values: values as FlagValues<T> };
  } catch (error) {
    const known = Object.keys(options)
      .map((name) => `--${name}`)
      .join(', ');
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${detail}\nKnown flags: ${known}. Run with --help for details.`);
  }
}

/**
 * parseArgs reads `--epochs -1` as a flag missing its value; join such pairs into
 * `--epochs=-1` so the range check can say what is wrong with the number instead.
 */
function joinNegativeNumbers(argv: string[], options: OptionSpecs): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else {
      joined.push(argv[i]);
    }
  }
  return joined;
}

/** Reads an integer flag and checks it lies in [min, max]; `undefined` when the flag is absent. */
export function integerFlag(
  name: string,
  raw: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  // Only plain decimal digits: Number() would also read '0x10' as 16 and '1e3' as 1000.
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is not valid: expected ${range}.`);
  }
  return value;
}

/** Reads a flag that must be one of a fixed list of words. */
export function choiceFlag<T extends string>(name: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is not valid: choose one of ${choices.join(', ')}.`);
  }
  return raw as T;
}

/** Reads a flag that must be a finite number above 0 and below `below` (a learning rate, for instance). */
export function positiveNumberFlag(name: string, raw: string | undefined, below = Number.POSITIVE_INFINITY): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\s*[0-9.]+(e-?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value >= below) {
    const range = below === Number.POSITIVE_INFINITY ? 'a number > 0' : `a number above 0 and below ${below}`;
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is not valid: expected ${range}, e.g. 0.001.`);
  }
  return value;
}

/** Reads a folder flag: present means not empty (an empty --out would write into the current folder). */
export function folderFlag(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new UsageError(`--${name} "" is not valid: give a folder, e.g. --${name} runs/my-run.`);
  return raw;
}
