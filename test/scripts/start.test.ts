import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';

/**
 * `npm start` as a person runs it with their real bot's configuration: with a webhook secret the webhook route
 * behaves as the deployed function does (their secret, their token, their Bot API root), while the simulator
 * keeps its own; with the token alone the bot runs by long polling.
 */
interface RunningStart {
  process: ChildProcess;
  url: string;
  /** What it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

async function npmStart(
  standin: TelegramApiStandin,
  telegram: Record<string, string>,
): Promise<RunningStart> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'start-'));
  const { DYNAMODB_ENDPOINT: _embedded, ...inherited } = process.env;
  const child = spawn(path.join('node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    env: {
      ...inherited,
      PORT: '0',
      SEED_DEMO_DATA: '0',
      LOCAL_DATA_DIR: dataDir,
      TELEGRAM_API_ROOT: standin.url,
      ...telegram,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Simulator: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
  return {
    process: child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const startUpdate = (updateId: number, chatId: number) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1_764_000_000,
    chat: { id: chatId, type: 'private' as const, first_name: 'Amal' },
    from: { id: chatId, is_bot: false, first_name: 'Amal', language_code: 'de' },
    text: '/start',
  },
});

describe('with TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET', () => {
  let standin: TelegramApiStandin;
  let start: RunningStart;
  beforeAll(async () => {
    standin = await startTelegramApiStandin();
    start = await npmStart(standin, {
      TELEGRAM_BOT_TOKEN: '123:real-bot',
      TELEGRAM_WEBHOOK_SECRET: 'their-secret',
    });
  }, 60_000);
  afterAll(async () => {
    await start.stop();
    await standin.close();
  });

  const post = (secret: string) =>
    fetch(`${start.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(startUpdate(501, 4242)),
    });

  test('the webhook route refuses an update without the configured secret', async () => {
    const response = await post('a-random-secret');

    expect(response.status).toBe(401);
  });

  test("the webhook route answers with the configured bot's token at the configured Bot API", async () => {
    const response = await post('their-secret');

    expect(response.status).toBe(200);
    const sent = standin.calls.filter(
      (call) => call.method === 'sendMessage' && call.payload.chat_id === 4242,
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((call) => call.token === '123:real-bot')).toBe(true);
  });
});

describe('with TELEGRAM_BOT_TOKEN alone', () => {
  let standin: TelegramApiStandin;
  let start: RunningStart;
  beforeAll(async () => {
    standin = await startTelegramApiStandin();
    start = await npmStart(standin, { TELEGRAM_BOT_TOKEN: '123:real-bot' });
  }, 60_000);
  afterAll(async () => {
    await start.stop();
    await standin.close();
  });

  test('the real bot answers by long polling', async () => {
    standin.queueUpdate(startUpdate(601, 4343));
    const deadline = Date.now() + 30_000;
    const answered = () =>
      standin.calls.some(
        (call) =>
          call.method === 'sendMessage' && call.payload.chat_id === 4343 && call.token === '123:real-bot',
      );
    while (!answered() && Date.now() < deadline && start.process.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(start.output()).not.toContain('npm start failed');
    expect(answered()).toBe(true);
  }, 60_000);
});
