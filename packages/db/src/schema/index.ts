export * from './devices.ts';
export * from './frameworks.ts';
export * from './organisations.ts';
export * from './stories.ts';
export * from './pipeline.ts';
export * from './rollups.ts';
