import { describeLearningRate, type StageInfo, type StageNumber } from '@nophd/models';

/** Fills the stage fieldset with one radio card per stage and reports the chosen one. */
export function createStagePicker(
  fieldset: HTMLFieldSetElement,
  detail: HTMLElement,
  stages: readonly StageInfo[],
  initial: StageNumber,
  onPick: (stage: StageNumber) => void,
): { set(stage: StageNumber): void; setEnabled(enabled: boolean): void } {
  for (const info of stages) {
    const label = document.createElement('label');
    label.className = 'stage-card';
    label.innerHTML = `
      <input type="radio" name="stage" value="${info.stage}">
      <span class="stage-number">Stage ${info.stage}</span>
      <span class="stage-title"></span>
      <span class="stage-target">target ${percent(info.targetAccuracy)}</span>`;
    label.querySelector('.stage-title')!.textContent = info.title;
    fieldset.append(label);
  }
  const show = (stage: StageNumber) => {
    const info = stages.find((s) => s.stage === stage)!;
    const { recipe } = info;
    detail.innerHTML = '<strong></strong><span class="description"></span><div class="recipe"></div><div class="source"></div>';
    detail.querySelector('strong')!.textContent = `Stage ${info.stage}: ${info.title} — target ${percent(info.targetAccuracy)}`;
    detail.querySelector('.description')!.textContent = info.description;
    detail.querySelector('.recipe')!.textContent =
      `${recipe.optimizer === 'adam' ? 'Adam' : 'SGD'}, learning rate ${describeLearningRate(recipe)}, ` +
      `batches of ${recipe.batchSize}, ${recipe.epochs} epoch${recipe.epochs === 1 ? '' : 's'}`;
    detail.querySelector('.source')!.textContent = `From the ${info.source}`;
    for (const input of fieldset.querySelectorAll<HTMLInputElement>('input')) input.checked = Number(input.value) === stage;
  };
  fieldset.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const stage = Number(input.value) as StageNumber;
    show(stage);
    onPick(stage);
  });
  show(initial);
  return {
    set: show,
    setEnabled(enabled) {
      fieldset.disabled = !enabled;
    },
  };
}

export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}
