import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres-server.js';

const run = promisify(execFile);

describe('startPostgres', () => {
  it('runs a throwaway server on a random loopback port, survives a restart, and cleans up', async () => {
    const pg = await startPostgres();
    const psql = (sql: string) =>
      run('psql', ['-X', '-A', '-t', '-d', pg.connectionString, '-c', sql]).then((r) =>
        r.stdout.trim(),
      );
    try {
      expect(pg.port).toBeGreaterThan(0);
      expect(pg.port).not.toBe(5432);
      expect(await psql("select current_setting('fsync')")).toBe('off');
      expect(await psql("select current_setting('data_directory')")).toBe(join(pg.dir, 'data'));
      expect(existsSync(join(pg.dir, `.s.PGSQL.${pg.port}`))).toBe(true);
      await psql('create table kept (v int); insert into kept values (7)');
      await pg.restart({ downMs: 50 });
      expect(await psql('select v from kept')).toBe('7');
    } finally {
      await pg.stop();
    }
    expect(existsSync(pg.dir)).toBe(false);
    await expect(psql('select 1')).rejects.toThrow();
    await pg.stop();
  }, 60_000);
});
