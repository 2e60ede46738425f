import type { Update } from 'grammy/types';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TableNames } from '../../lambdas/config/tables';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { DynamoHandoffs } from '../../lambdas/handoffs/dynamo-handoffs';
import { PLAIN, renderText } from '../../lambdas/i18n/translator';
import { silentLogger } from '../../lambdas/log/logger';
import { createTelegramApp, LOCAL_BOT_INFO } from '../../lambdas/telegram/app';
import { seedDemoData } from '../../scripts/local/seed';
import { type LocalServer, startLocalServer } from '../../scripts/local/server';
import { type LocalStaff, startLocalStaff } from '../../scripts/local/staff-local';
import { startTelegramApiStandin, type TelegramApiStandin } from '../../scripts/local/telegram-api-standin';
import { findChromium } from '../support/chromium';
import { startTestDynamo, type TestDynamo } from '../support/dynamo';
import { telegramUser, WEBHOOK_SECRET } from '../support/telegram-harness';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let dynamo: TestDynamo;
let tables: TableNames;
let telegram: TelegramApiStandin;
let staff: LocalStaff;
let server: LocalServer;
let browser: Browser;

/** The local stack as `npm start` wires it: dynalite, the Bot API and Bot Connector stand-ins, the server. */
beforeAll(async () => {
  const executablePath = findChromium();
  dynamo = await startTestDynamo();
  tables = await dynamo.freshTables();
  await seedDemoData(dynamo.client, tables, loadDefaultGazetteer());
  telegram = await startTelegramApiStandin({ botInfo: LOCAL_BOT_INFO });
  const bot = createTelegramApp(
    {
      botToken: 'local-simulator',
      webhookSecret: WEBHOOK_SECRET,
      botInfo: LOCAL_BOT_INFO,
      apiRoot: telegram.url,
      tables,
    },
    dynamo.client,
    silentLogger,
  );
  staff = await startLocalStaff({
    client: dynamo.client,
    tables,
    log: silentLogger,
    secrets: {},
    telegram: { token: 'local-simulator', apiRoot: telegram.url, botUsername: LOCAL_BOT_INFO.username },
  });
  server = await startLocalServer({
    port: 0,
    telegram: bot.handler,
    telegramWebhookSecret: WEBHOOK_SECRET,
    telegramBotToken: 'local-simulator',
    standin: telegram,
    teams: staff.teams,
    staff: staff.view,
  });
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await staff?.close();
  await telegram?.close();
  await dynamo?.close();
});

/** Posts an update to the local server's Telegram webhook, as Telegram would. */
async function postUpdate(update: Update): Promise<void> {
  const response = await fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

/** Resolves once the bot has sent a message to the chat whose text matches. */
function telegramMessage(chatId: number, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const check = () => telegram.sentMessages(chatId).find((message) => pattern.test(message.text))?.text;
    const found = check();
    if (found) {
      resolve(found);
      return;
    }
    const listener = () => {
      const text = check();
      if (text) {
        telegram.off('message', listener);
        resolve(text);
      }
    };
    telegram.on('message', listener);
  });
}

function cardOf(page: Page, id: string) {
  return page.locator('article.post', { hasText: `Anfrage ${id}` });
}

test('a handoff asked on Telegram shows up as a card in the staff view, is claimed, answered in the Telegram chat and resolved', async () => {
  const chatId = 424242;
  const user = telegramUser(chatId, 'de');
  for (const update of [
    user.text('/start'),
    user.text('Diabetes'),
    user.text('20095'),
    user.press('menu:person'),
    user.press('ho:agree'),
    user.press('ho:chat'),
    user.press('ho:time:evening'),
  ]) {
    await postUpdate(update);
  }
  const receipt = await telegramMessage(chatId, /\b[2-9A-HJ-NP-Z]{6}\b/);
  const id = receipt.match(/\b([2-9A-HJ-NP-Z]{6})\b/)?.[1] ?? '';
  await staff.stream.idle();

  const page = await browser.newPage();
  await page.goto(`${server.url}/staff`);
  const card = cardOf(page, id);
  // The demo contact point is in Germany: its staff read German.
  await card.getByText('Im Chat, abends').waitFor();
  await card.getByText('Deutsch', { exact: true }).waitFor();

  await card.getByRole('button', { name: 'Übernehmen' }).click();
  await card.getByText('Übernommen von Anna').waitFor();

  await card.locator('form input[name="reply"]').fill('Guten Abend, hier ist Anna von der Kontaktstelle.');
  await card.locator('form button').click();
  const answer = await telegramMessage(chatId, /Guten Abend, hier ist Anna/);
  const from = renderText(
    {
      key: 'handoff.fromStaff',
      params: { name: 'Anna', contactPoint: 'Selbsthilfe-Kontaktstelle Hamburg-Mitte (Demo)' },
    },
    'de',
    PLAIN,
  );
  expect(answer.startsWith(`${from}\nGuten Abend, hier ist Anna`)).toBe(true);

  await card.getByRole('button', { name: 'Abschließen' }).click();
  await card.getByText('Erledigt: Gruppe gefunden').waitFor();
  const record = await new DynamoHandoffs({ client: dynamo.client, tableName: tables.requests }).record(id);
  expect(record).toMatchObject({ status: 'resolved', outcome: 'group-found' });
  expect(record?.chatKey).toBeUndefined();
  await page.close();
});

test('a representative asks for a link in the simulator, staff approve it in the staff view, the link greets in the chosen language, and the counts show', async () => {
  const simulator = await browser.newPage();
  await simulator.goto(`${server.url}/`);
  await simulator.locator('#lang').selectOption('de');
  const say = async (text: string) => {
    await simulator.locator('#text').fill(text);
    await simulator.locator('#send button[type="submit"]').click();
  };
  const botSays = (text: string) => simulator.locator('.msg.bot', { hasText: text }).first().waitFor();
  await say('/representative');
  await botSays('Wie heißt Ihre Organisation?');
  await say('Demo Kulturverein Leipzig');
  await botSays('In welcher Stadt');
  await say('Leipzig');
  await simulator.locator('.msg.bot button', { hasText: 'Українська' }).last().click();
  await simulator.locator('.msg.bot button', { hasText: 'Anfrage senden' }).last().click();
  await botSays('Ihre Anfrage für Demo Kulturverein Leipzig ist angekommen');
  await staff.stream.idle();

  const staffPage = await browser.newPage();
  await staffPage.goto(`${server.url}/staff`);
  const card = staffPage.locator('article.post', { hasText: 'Demo Kulturverein Leipzig' });
  await card.getByText('Ukrainisch', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Freigeben' }).click();
  await card.getByText('Aktiv (Anna)').waitFor();

  // The representative's chat shows the link and the QR code as an image.
  await simulator.locator('.msg.bot img[alt="Demo Kulturverein Leipzig"]').waitFor();
  await simulator.locator('.msg.bot a[download$=".svg"]').waitFor();
  // Opening the link: a new chat as a person who scanned the code, greeted in Ukrainian in the organisation's name.
  await simulator.locator('.msg.bot a[href^="https://t.me/"]').first().click();
  const greeting = renderText(
    { key: 'welcome.referral', params: { organisation: 'Demo Kulturverein Leipzig' } },
    'uk',
    PLAIN,
  );
  await simulator
    .locator('.msg.bot', { hasText: greeting.slice(0, 12) })
    .first()
    .waitFor();
  expect(await simulator.locator('.msg.bot').first().textContent()).toContain('Demo Kulturverein Leipzig');

  await staffPage.getByRole('button', { name: 'Referral counts' }).click();
  const summary = staffPage.locator('article.post', { hasText: 'Referral links: counts per week' });
  await summary.getByText('Demo Kulturverein Leipzig, Leipzig').waitFor();
  await summary.getByText(/^starts: 1 · searches: 0/).waitFor();
  await simulator.close();
  await staffPage.close();
});
