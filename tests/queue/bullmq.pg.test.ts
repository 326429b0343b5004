import { randomBytes } from 'node:crypto';
import { BullMqQueue } from '@vertelpunt/queue';
import { queueContract } from './queue.suite.ts';

/** Real Redis (REDIS_URL or the local default); each queue gets its own key prefix. */
const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
queueContract(() => new BullMqQueue(url, { prefix: `vt-test-${randomBytes(4).toString('hex')}`, retry: { attempts: 3, backoffMs: 5 } }));
