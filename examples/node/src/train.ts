/**
 * `pnpm train` — trains one stage of the MNIST ladder and saves checkpoints and a report.
 * Run `pnpm train --help` for the flags.
 */
import { join } from 'node:path';
import { removeEmptyRunFolder, REPORT_JSON, REPORT_SVG } from '@nophd/training/node';
import { parseTrainOptions, TRAIN_HELP } from './cli/train-options.js';
import { runCommand } from './cli/run-command.js';
import { displayPath, resolveUserPath } from './cli/user-path.js';
import { runTraining } from './training/run-training.js';
import { INTERRUPTED_EXIT_CODE, stopOnInterrupt } from './training/stop-on-interrupt.js';

runCommand(async () => {
  const parsed = parseTrainOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(TRAIN_HELP);
    return 0;
  }
  const options = { ...parsed, out: resolveUserPath(parsed.out) };
  const out = displayPath(options.out);
  const started = performance.now();
  const stop = stopOnInterrupt((line) => process.stderr.write(`${line}\n`));
  try {
    const { recorder, status } = await runTraining(options, stop.signal, (line) => console.log(line));
    const { report } = recorder;
    const total = (performance.now() - started) / 1000;
    if (status === 'interrupted') {
      console.log(
        `Stopped after ${report.iterationsCompleted.toLocaleString('en')} training steps (${report.epochsCompleted} complete epoch${report.epochsCompleted === 1 ? '' : 's'}, ` +
          `${total.toFixed(1)} s). ` +
          (report.iterationsCompleted > 0
            ? `Checkpoint and report kept in ${out}; continue with --resume --out ${out}.`
            : `Nothing was trained yet; the report is in ${out}.`),
      );
      return INTERRUPTED_EXIT_CODE;
    }
    const test = report.test!;
    console.log(
      `Test accuracy: ${(test.accuracy * 100).toFixed(2)} % on ${test.size.toLocaleString('en')} test images ` +
        `(loss ${test.loss.toFixed(4)}).`,
    );
    const files = ['checkpoint.json', 'checkpoints/', REPORT_JSON, REPORT_SVG].map((f) => join(out, f)).join(', ');
    console.log(`Total time: ${total.toFixed(1)} s. Wrote ${files}.`);
    const { recipe } = report;
    if (report.epochsCompleted < recipe.epochs) {
      console.log(
        `The full stage ${report.stage} recipe is ${recipe.epochs} epochs (target ${(recipe.expectedAccuracy * 100).toFixed(1)} %); to continue: ` +
          `pnpm train --resume --epochs ${recipe.epochs - report.epochsCompleted} --out ${out}`,
      );
    }
    return 0;
  } catch (error) {
    await removeEmptyRunFolder(options.out);
    throw error;
  } finally {
    stop.release();
  }
}, process.argv.includes('--verbose'));
