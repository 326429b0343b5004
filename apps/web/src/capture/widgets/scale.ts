import type { ScaleQuestion } from '@vertelpunt/core';

type Range = Pick<ScaleQuestion, 'min' | 'max' | 'step'>;

/** Up to this many answers (0 to 10) a scale is a row of radio buttons; more become a slider. */
export const MAX_RADIO_STEPS = 11;

/** Drops the float noise of repeated steps (0.1 * 3 = 0.30000000000000004). */
const clean = (v: number): number => Number(v.toFixed(10));

/** How many answers the range allows: min, min + step, … up to max. */
export const scaleStepCount = (q: Range): number => Math.floor(clean((q.max - q.min) / q.step)) + 1;

export const scaleValues = (q: Range): number[] => Array.from({ length: scaleStepCount(q) }, (_, i) => clean(q.min + i * q.step));

export const scaleWidget = (q: Range): 'radios' | 'slider' => (scaleStepCount(q) > MAX_RADIO_STEPS ? 'slider' : 'radios');

/** The answer nearest to v: on a step, inside the range. */
export function snapToStep(q: Range, v: number): number {
  const last = scaleStepCount(q) - 1;
  const i = Math.max(0, Math.min(last, Math.round((v - q.min) / q.step)));
  return clean(q.min + i * q.step);
}
