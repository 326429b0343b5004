import { InProcessQueue } from '@vertelpunt/queue';
import { queueContract } from './queue.suite.ts';

queueContract(() => new InProcessQueue({ attempts: 3, backoffMs: 5 }));
