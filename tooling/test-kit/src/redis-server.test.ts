import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startRedis, startRedisCluster } from './redis-server.js';

describe('startRedis', () => {
  it('starts its own server on 127.0.0.1 with a throwaway dir, halts, resumes, stops', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await redis.cli('ping')).toBe('PONG');
      expect(await redis.cli('config', 'get', 'save')).toBe('save');
      await redis.cli('set', 'k', 'v');
      await redis.halt();
      await expect(redis.cli('ping')).rejects.toThrow();
      await redis.resume();
      expect(await redis.cli('get', 'k')).toBe('');
    } finally {
      await redis.stop();
    }
    expect(existsSync(redis.dir)).toBe(false);
    await expect(redis.cli('ping')).rejects.toThrow();
  });

  it('starts a 3-master cluster covering every slot', async () => {
    const cluster = await startRedisCluster();
    try {
      expect(cluster.nodes).toHaveLength(3);
      const info = await cluster.nodes[0]?.cli('cluster', 'info');
      expect(info).toContain('cluster_slots_assigned:16384');
      expect(info).toContain('cluster_known_nodes:3');
    } finally {
      await cluster.stop();
    }
  }, 30_000);
});
