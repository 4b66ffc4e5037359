/** The slider's stops: 1, 2, 5, 10, 20, 50 … 50,000 and all 55,000 — the lesson lives at the small end. */
export const TRAINING_IMAGE_STOPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 55_000];

/**
 * Stage 1's "training images" control: train the ten templates on only the first N images and watch them
 * fit those few and fail on the test set. Calls `onChange` with the new count; shown for stage 1 only.
 */
export function createTrainingImagesControl(
  root: HTMLElement,
  onChange: (images: number) => void,
): { setStage(stage: number): void; value(): number; set(images: number): void } {
  const slider = root.querySelector<HTMLInputElement>('input[type=range]')!;
  const output = root.querySelector<HTMLOutputElement>('output')!;
  slider.min = '0';
  slider.max = String(TRAINING_IMAGE_STOPS.length - 1);
  slider.step = '1';
  slider.value = slider.max;
  const images = () => TRAINING_IMAGE_STOPS[Number(slider.value)];
  const show = () => (output.textContent = images().toLocaleString('en'));
  slider.addEventListener('input', show);
  slider.addEventListener('change', () => onChange(images()));
  show();
  return {
    setStage(stage) {
      root.hidden = stage !== 1;
    },
    value: () => (root.hidden ? TRAINING_IMAGE_STOPS.at(-1)! : images()),
    set(count) {
      const stop = TRAINING_IMAGE_STOPS.findIndex((n) => n >= count);
      slider.value = String(stop < 0 ? TRAINING_IMAGE_STOPS.length - 1 : stop);
      show();
      onChange(images());
    },
  };
}
