/**
 * Geometry of the signifier widgets, pure so it can be tested without a browser.
 *
 * The triad is an equilateral triangle with side 1: corner 0 at the top, corner 1 bottom left,
 * corner 2 bottom right. A marker position maps to barycentric weights (three numbers >= 0
 * summing to 1): the closer the marker to a corner, the more that corner weighed.
 */
export interface Point {
  x: number;
  y: number;
}
export type Weights = [number, number, number];

export const TRIANGLE_HEIGHT = Math.sqrt(3) / 2;
export const CORNERS: [Point, Point, Point] = [
  { x: 0.5, y: 0 },
  { x: 0, y: TRIANGLE_HEIGHT },
  { x: 1, y: TRIANGLE_HEIGHT },
];
export const CENTRE: Point = { x: 0.5, y: (2 * TRIANGLE_HEIGHT) / 3 };

const [A, B, C] = CORNERS;
const DENOM = (B.y - C.y) * (A.x - C.x) + (C.x - B.x) * (A.y - C.y);

/** Barycentric coordinates of p; negative where p lies outside the triangle. */
function barycentric(p: Point): Weights {
  const wa = ((B.y - C.y) * (p.x - C.x) + (C.x - B.x) * (p.y - C.y)) / DENOM;
  const wb = ((C.y - A.y) * (p.x - C.x) + (A.x - C.x) * (p.y - C.y)) / DENOM;
  return [wa, wb, 1 - wa - wb];
}

function closestOnSegment(p: Point, s: Point, e: Point): Point {
  const dx = e.x - s.x;
  const dy = e.y - s.y;
  const t = Math.max(0, Math.min(1, ((p.x - s.x) * dx + (p.y - s.y) * dy) / (dx * dx + dy * dy)));
  return { x: s.x + t * dx, y: s.y + t * dy };
}

/** The point of the triangle nearest to p (p itself when it lies inside). */
export function clampToTriangle(p: Point): Point {
  if (barycentric(p).every((w) => w >= 0)) return p;
  const candidates = [closestOnSegment(p, A, B), closestOnSegment(p, B, C), closestOnSegment(p, C, A)];
  const dist = (q: Point) => (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
  return candidates.reduce((best, q) => (dist(q) < dist(best) ? q : best));
}

/** Weights of the triangle point nearest to p: each >= 0, summing to 1. */
export function pointToWeights(p: Point): Weights {
  const w = barycentric(clampToTriangle(p)).map((v) => Math.max(0, v)) as Weights;
  const sum = w[0] + w[1] + w[2];
  return [w[0] / sum, w[1] / sum, w[2] / sum];
}

export function weightsToPoint(w: Weights): Point {
  return { x: w[0] * A.x + w[1] * B.x + w[2] * C.x, y: w[0] * A.y + w[1] * B.y + w[2] * C.y };
}

/** Whole percentages summing to exactly 100 (largest remainder), for display and editing. */
export function toPercentages(w: Weights): Weights {
  const raw = w.map((v) => v * 100);
  const floors = raw.map(Math.floor) as Weights;
  let missing = 100 - (floors[0] + floors[1] + floors[2]);
  const order = [0, 1, 2].sort((i, j) => raw[j]! - Math.floor(raw[j]!) - (raw[i]! - Math.floor(raw[i]!)));
  for (const i of order) {
    if (missing <= 0) break;
    floors[i]! += 1;
    missing -= 1;
  }
  return floors;
}

/**
 * Sets percentage `index` to `value` and shares what is left between the other two in their
 * current proportion (equally when both are zero), so the three always sum to 100.
 */
export function linkPercentages(current: Weights, index: 0 | 1 | 2, value: number): Weights {
  const v = Math.round(Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0)));
  const [j, k] = ([0, 1, 2] as const).filter((i) => i !== index) as [0 | 1 | 2, 0 | 1 | 2];
  const rest = 100 - v;
  const pj = current[j];
  const pk = current[k];
  const vj = pj + pk === 0 ? Math.round(rest / 2) : Math.round((rest * pj) / (pj + pk));
  const next: Weights = [0, 0, 0];
  next[index] = v;
  next[j] = vj;
  next[k] = rest - vj;
  return next;
}

export const clamp01 = (v: number): number => Math.max(0, Math.min(1, v));

/**
 * Where to draw a stone whose answer is p (canvas fractions) so that all of it stays on the
 * canvas: `half` is half the stone's width and height in canvas fractions. Only the drawing
 * moves inwards; the answer keeps p, the edge included.
 */
export function insideCanvas(p: Point, half: Point): Point {
  const within = (v: number, h: number) => (h >= 0.5 ? 0.5 : Math.max(h, Math.min(1 - h, v)));
  return { x: within(p.x, half.x), y: within(p.y, half.y) };
}

/** Rounds to 4 decimals: enough for any screen, and stable when stored and compared. */
export const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;
