export * from './client.ts';
export * as schema from './schema/index.ts';
export * from './repos/devices.ts';
export * from './repos/frameworks.ts';
export * from './repos/organisations.ts';
export * from './repos/stories.ts';
export * from './repos/story-batcher.ts';
export * from './repos/pipeline.ts';
export * from './repos/dashboard.ts';
