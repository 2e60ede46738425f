import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';

/**
 * `npm start` as a person runs it with their real bot's configuration: the webhook route must behave as the
 * deployed function does (their secret, their token, their Bot API root), while the simulator keeps its own.
 */
let standin: TelegramApiStandin;
let start: ChildProcess;
let url: string;

beforeAll(async () => {
  standin = await startTelegramApiStandin();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'start-'));
  const { DYNAMODB_ENDPOINT: _embedded, ...inherited } = process.env;
  start = spawn(path.join('node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    env: {
      ...inherited,
      PORT: '0',
      SEED_DEMO_DATA: '0',
      LOCAL_DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: '123:real-bot',
      TELEGRAM_WEBHOOK_SECRET: 'their-secret',
      TELEGRAM_API_ROOT: standin.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    start.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    start.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Simulator: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    start.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (start.exitCode === null) {
    const exited = new Promise((resolve) => start.once('exit', resolve));
    start.kill('SIGTERM');
    await exited;
  }
  await standin.close();
});

const update = {
  update_id: 501,
  message: {
    message_id: 1,
    date: 1_764_000_000,
    chat: { id: 4242, type: 'private', first_name: 'Amal' },
    from: { id: 4242, is_bot: false, first_name: 'Amal', language_code: 'de' },
    text: '/start',
  },
};

const post = (secret: string) =>
  fetch(`${url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });

test('the webhook route refuses an update without the configured secret', async () => {
  const response = await post('a-random-secret');

  expect(response.status).toBe(401);
});

test("the webhook route answers with the configured bot's token at the configured Bot API", async () => {
  const response = await post('their-secret');

  expect(response.status).toBe(200);
  const sent = standin.calls.filter((call) => call.method === 'sendMessage' && call.payload.chat_id === 4242);
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.every((call) => call.token === '123:real-bot')).toBe(true);
});
