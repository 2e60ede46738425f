import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalServer } from '../../../scripts/local/server';
import { startTelegramApiStandin } from '../../../scripts/local/telegram-api-standin';

test('a port already in use is refused with what to do, not a stack trace', async () => {
  const other = createServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const { port } = other.address() as AddressInfo;
  const standin = await startTelegramApiStandin();
  try {
    await expect(
      startLocalServer({
        port,
        telegram: async () => ({ statusCode: 200 }),
        telegramWebhookSecret: 'secret',
        telegramBotToken: '1:local',
        standin,
      }),
    ).rejects.toThrow(
      `Port ${port} is in use (another npm start?). Stop it, or choose another port: PORT=3001 npm start`,
    );
  } finally {
    await standin.close();
    await new Promise((resolve) => other.close(resolve));
  }
});

describe('the simulator and staff routes', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  let standin: Awaited<ReturnType<typeof startTelegramApiStandin>>;
  beforeAll(async () => {
    standin = await startTelegramApiStandin();
    server = await startLocalServer({
      port: 0,
      telegram: async () => ({ statusCode: 200 }),
      telegramWebhookSecret: 'secret',
      telegramBotToken: '1:local',
      standin,
    });
  });
  afterAll(async () => {
    await server.close();
    await standin.close();
  });

  /** A raw request, so that Host and Origin can be set as a browser on another site would send them. */
  function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${server.url}${path}`, { method, headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
  const host = () => new URL(server.url).host;

  test('refuse a post from a page of another origin', async () => {
    expect(
      await send('POST', '/simulator/api/send', { host: host(), origin: 'https://example.org' }, '{}'),
    ).toBe(403);
  });

  test('refuse a request that names another host (DNS rebinding)', async () => {
    expect(await send('GET', '/', { host: 'attacker.example:3000' })).toBe(403);
  });

  test('serve pages of this server', async () => {
    expect(await send('GET', '/', { host: host() })).toBe(200);
    expect(await send('POST', '/simulator/api/send', { host: host(), origin: server.url }, '{}')).toBe(400);
  });

  test('leave the webhook routes to their own credentials, whatever the host (a tunnel to this machine)', async () => {
    expect(await send('POST', '/telegram/webhook', { host: 'abc.tunnel.example' }, '{}')).toBe(200);
  });
});
