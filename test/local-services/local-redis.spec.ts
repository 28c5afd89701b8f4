import { REDIS_INSTALL_HINT, startLocalRedis } from '#libs/local-services';

describe('redis-server from PATH', () => {
  it('says how to install redis-server when there is none', async () => {
    await expect(startLocalRedis({ port: 6, command: 'redis-server-that-is-not-installed' })).rejects.toThrow(REDIS_INSTALL_HINT);
    expect(REDIS_INSTALL_HINT).toMatch(/apt-get install -y redis-server/);
  });
});
