export * from './framework-nl.ts';
export * from './stories.ts';
