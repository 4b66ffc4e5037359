/**
 * `pnpm train` — trains one stage of the MNIST ladder and saves the model and a report.
 * Run `pnpm train --help` for the flags.
 */
import { parseTrainOptions, TRAIN_HELP } from './cli/train-options.js';
import { runCommand } from './cli/run-command.js';
import { runTraining } from './training/run-training.js';
import { INTERRUPTED_EXIT_CODE, stopOnInterrupt } from './training/stop-on-interrupt.js';
import { MODEL_JSON, WEIGHTS_BIN } from './io/file-system-handler.js';
import { REPORT_JSON, REPORT_SVG } from './report/run-report.js';
import { attachModelViews } from './report/model-views.js';
import { join } from 'node:path';
import type { Recipe } from '@nophd/models';
import { displayPath, resolveUserPath } from './cli/user-path.js';

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
    const { report, status } = await runTraining(options, stop, (line) => console.log(line));
    const total = (performance.now() - started) / 1000;
    const files = [MODEL_JSON, WEIGHTS_BIN, REPORT_JSON, REPORT_SVG].map((f) => join(out, f)).join(', ');
    if (status === 'interrupted') {
      console.log(
        `Stopped after ${report.epochsCompleted} complete epoch${report.epochsCompleted === 1 ? '' : 's'} ` +
          `(${total.toFixed(1)} s). ` +
          (report.epochsCompleted > 0
            ? `Checkpoint and report kept in ${out}; continue with --resume --out ${out}.`
            : `No epoch finished, so no checkpoint was saved; the report is in ${out}.`),
      );
      return INTERRUPTED_EXIT_CODE;
    }
    await attachModelViews(options.out, options.testSize);
    const test = report.test!;
    console.log(
      `Test accuracy: ${(test.accuracy * 100).toFixed(2)} % on ${test.size.toLocaleString('en')} test images ` +
        `(loss ${test.loss.toFixed(4)}).`,
    );
    console.log(`Total time: ${total.toFixed(1)} s. Wrote ${files}.`);
    const recipe = report.recipe as Recipe;
    if (report.epochsCompleted < recipe.epochs) {
      console.log(
        `The full stage ${report.stage} recipe is ${recipe.epochs} epochs (target ${(recipe.expectedAccuracy * 100).toFixed(1)} %); to continue: ` +
          `pnpm train --stage ${report.stage} --resume --epochs ${recipe.epochs - report.epochsCompleted}${options.out === resolveUserPath(`runs/stage-${report.stage}`) ? '' : ` --out ${out}`}`,
      );
    }
    return 0;
  } finally {
    stop.release();
  }
});
