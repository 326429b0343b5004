import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function quietly(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A Redis of our own on another port, which a test may stop and start without touching the
 * machine's Redis. Nothing is persisted (as with the machine's), so a stop loses what Redis held:
 * the harshest case for "accepted work is never lost".
 */
export class ThrowawayRedis {
  private proc: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  static async create(): Promise<ThrowawayRedis> {
    const r = new ThrowawayRedis(await freePort());
    await r.start();
    return r;
  }
  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await waitFor(() => quietly('redis-cli', ['-p', String(this.port), 'ping']), 'redis to start');
  }
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
  }
}

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, version!, 'bin', name);
}

/**
 * A PostgreSQL cluster of our own (initdb in a temp folder, another port), which a test may
 * restart. Run as the `postgres` system user when we are root, as initdb requires.
 */
export class ThrowawayPostgres {
  readonly dir: string;
  constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'vt-pg-'));
  }
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  private run(cmd: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'ignore' });
  }
  static async create(): Promise<ThrowawayPostgres> {
    const pg = new ThrowawayPostgres(await freePort());
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(pg.dir, uid, gid);
      chmodSync(pg.dir, 0o700);
    }
    pg.run(pgBin('initdb'), ['-D', path.join(pg.dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync']);
    await pg.start();
    return pg;
  }
  async start(): Promise<void> {
    // fsync stays on: restarts must not lose committed stories.
    this.run(pgBin('pg_ctl'), ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  }
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.run(pgBin('pg_ctl'), ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }
  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dir, 'data', 'postmaster.pid'))) await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
