import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Browser tests run against the built web app, served by the API as in production. */
export default function setup() {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: path.resolve(import.meta.dirname, '../../apps/web'), stdio: 'inherit' });
}
