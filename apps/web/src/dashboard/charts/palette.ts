/** Distinguishable on white for common colour-vision deficiencies, and dark enough for text contrast. */
export const PALETTE = ['#154273', '#c45500', '#39870c', '#a90061', '#007bc7', '#673327', '#5a6b00', '#42145f', '#8a6d00', '#00707a'];
export const SUPPRESSED = '#8c8c8c';
