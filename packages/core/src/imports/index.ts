export * from './csv.ts';
export * from './narrafirma.ts';
export * from './sensemaker.ts';
export { stripHtml } from './text.ts';
