import { inject } from 'vitest';
import { freshDatabase } from '../helpers/pg.ts';
import { storyApiSuite } from './stories.suite.ts';

storyApiSuite(() => freshDatabase(inject('pgTemplate')));
