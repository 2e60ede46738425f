import { createServer } from 'node:http';
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
