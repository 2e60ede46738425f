import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Api } from 'grammy';
import type { Measurement, MeasurementResult } from './context';
import { playConversation, SCRIPT, type TurnKind, telegramBenchUser } from './conversation';
import { type Figure, mean, percentile } from './report';
import { RequestMeter } from './request-meter';
import { inProcessTelegram } from './telegram-app';

/** Budget: the p50 of a turn that needs only the session, as a multiple of the floor's p50. */
export const SESSION_TURN_P50_BUDGET = 1.5;

/** Conversations measured (each SCRIPT.length turns), after WARM_UP_CONVERSATIONS that are not. */
export const MEASURED_CONVERSATIONS = 100;
const WARM_UP_CONVERSATIONS = 5;

/** One measured turn, split into where its time went. */
export interface TimedTurn {
  label: string;
  kind: TurnKind;
  ms: number;
  /** Inside DynamoDB client calls. */
  dynamoMs: number;
  dynamoRequests: number;
  /** Inside Bot API calls (to the local stand-in). */
  botApiMs: number;
  botApiCalls: number;
}

/**
 * The floor: what any bot with a session in DynamoDB pays per turn, one consistent GetItem of a session and one
 * PutItem of it, on the same client and dynalite. Sampled between conversations, so drift affects both alike.
 */
async function floorSample(
  client: DynamoDBClient,
  tableName: string,
  sessionKey: string,
  n: number,
): Promise<number> {
  const started = performance.now();
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: sessionKey } }, ConsistentRead: true }),
  );
  await client.send(new PutItemCommand({ TableName: tableName, Item: { ...Item, pk: { S: `floor:${n}` } } }));
  return performance.now() - started;
}

/**
 * A plain bot's turn, for reference: the floor plus the one Bot API call every answer needs (GetItem, a short
 * sendMessage to the stand-in, PutItem), with nothing in between: no validation, dialog, i18n or rendering.
 */
async function plainTurnSample(
  client: DynamoDBClient,
  tableName: string,
  sessionKey: string,
  n: number,
  api: Api,
  chatId: number,
): Promise<number> {
  const started = performance.now();
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: sessionKey } }, ConsistentRead: true }),
  );
  await api.sendMessage(chatId, 'Hello! This is a plain answer.');
  await client.send(new PutItemCommand({ TableName: tableName, Item: { ...Item, pk: { S: `plain:${n}` } } }));
  return performance.now() - started;
}

/** p50 and p99 of a list of turns. */
function spread(values: readonly number[]) {
  return { p50: percentile(values, 50), p99: percentile(values, 99), n: values.length };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Turn latency: the real webhook handler in this process (createTelegramApp) against dynalite and the Bot API
 * stand-in, MEASURED_CONVERSATIONS × the scripted conversation (≥ 1,000 turns), each turn timed from the
 * API Gateway event to the handler's answer; the floor (one GetItem + one PutItem) sampled as often, in between.
 */
export const turnLatency: Measurement = {
  id: 'latency',
  title: 'Turn latency',
  async run(context): Promise<MeasurementResult> {
    const { env } = context;
    const tables = await env.freshTables();
    const client = env.newClient();
    const meter = new RequestMeter().attach(client);
    const telegram = inProcessTelegram(env, tables, client);
    let botApiMs = 0;
    let botApiCalls = 0;
    telegram.bot.api.config.use(async (previous, method, payload, signal) => {
      const started = performance.now();
      try {
        return await previous(method, payload, signal);
      } finally {
        botApiMs += performance.now() - started;
        botApiCalls += 1;
      }
    });

    const turns: TimedTurn[] = [];
    const floor: number[] = [];
    const plain: number[] = [];
    try {
      for (let c = 0; c < WARM_UP_CONVERSATIONS + MEASURED_CONVERSATIONS; c++) {
        const measured = c >= WARM_UP_CONVERSATIONS;
        if (measured && (c - WARM_UP_CONVERSATIONS) % 20 === 0) {
          context.progress(
            `turn latency: conversation ${c - WARM_UP_CONVERSATIONS + 1}/${MEASURED_CONVERSATIONS}`,
          );
        }
        // The stand-in keeps every message; forgetting them keeps its work per call the same all run long.
        env.standin.reset();
        const user = telegramBenchUser(8_200_000 + c, 'de');
        await playConversation(user, telegram.post, env.standin, async (step, turn) => {
          meter.take();
          botApiMs = 0;
          botApiCalls = 0;
          const started = performance.now();
          const result = await turn();
          const elapsed = performance.now() - started;
          // What Telegram does after the answer (run the call in it) must not overlap the next timed turn.
          await telegram.settle();
          const tally = meter.take();
          if (measured) {
            turns.push({
              label: step.label,
              kind: step.kind,
              ms: elapsed,
              dynamoMs: tally.milliseconds,
              dynamoRequests: tally.requests,
              botApiMs,
              botApiCalls,
            });
          }
          return result;
        });
        for (let i = 0; i < SCRIPT.length; i++) {
          const sample = await floorSample(
            client,
            tables.sessions,
            `tg:${user.chatId}`,
            c * SCRIPT.length + i,
          );
          if (measured) floor.push(sample);
          const reference = await plainTurnSample(
            client,
            tables.sessions,
            `tg:${user.chatId}`,
            c * SCRIPT.length + i,
            telegram.bot.api,
            user.chatId,
          );
          if (measured) plain.push(reference);
        }
      }
    } finally {
      client.destroy();
    }
    return summarize(turns, floor, plain);
  },
};

/** Ratios, budgets and the breakdown of where a turn's time goes. */
export function summarize(
  turns: readonly TimedTurn[],
  floor: readonly number[],
  plain: readonly number[] = [],
): MeasurementResult {
  const floorSpread = spread(floor);
  const byKind = (kind: TurnKind) => turns.filter((turn) => turn.kind === kind);
  const figures: Figure[] = [];
  const data: Record<string, unknown> = { floor: floorSpread, turns: turns.length };
  for (const kind of ['session', 'directory'] as const) {
    const timings = spread(byKind(kind).map((turn) => turn.ms));
    data[kind] = timings;
    const name = kind === 'session' ? 'non-search turn' : 'search turn';
    figures.push({
      id: `latency.${kind}.p50`,
      what: `turn latency p50: ${name} ÷ floor`,
      value: timings.p50 / floorSpread.p50,
      unit: '×',
      ...(kind === 'session' ? { budget: { max: SESSION_TURN_P50_BUDGET } } : {}),
      detail: `${ms(timings.p50)} vs floor ${ms(floorSpread.p50)} (GetItem + PutItem); n=${timings.n}`,
    });
    figures.push({
      id: `latency.${kind}.p99`,
      what: `turn latency p99: ${name} ÷ floor`,
      value: timings.p99 / floorSpread.p99,
      unit: '×',
      detail: `${ms(timings.p99)} vs floor ${ms(floorSpread.p99)}`,
    });
  }

  if (plain.length > 0) {
    const plainSpread = spread(plain);
    data.plain = plainSpread;
    figures.push({
      id: 'latency.plain.p50',
      what: 'turn latency p50: plain bot turn ÷ floor',
      value: plainSpread.p50 / floorSpread.p50,
      unit: '×',
      detail:
        `${ms(plainSpread.p50)}: GetItem + one sendMessage + PutItem and nothing else, for reference; ` +
        'what the budget leaves for validation, dialog and rendering is the difference to 1.5×',
    });
  }

  const findings: string[] = [];
  for (const kind of ['session', 'directory'] as const) {
    const list = byKind(kind);
    if (list.length === 0) continue;
    const total = mean(list.map((t) => t.ms));
    const dynamo = mean(list.map((t) => t.dynamoMs));
    const api = mean(list.map((t) => t.botApiMs));
    const requests = mean(list.map((t) => t.dynamoRequests));
    const calls = mean(list.map((t) => t.botApiCalls));
    const p50 = (pick: (turn: TimedTurn) => number) => percentile(list.map(pick), 50);
    const withoutApi = p50((t) => t.ms - t.botApiMs);
    findings.push(
      `Where a ${kind === 'session' ? 'non-search' : 'search'} turn's time goes (means over ${list.length} turns): ` +
        `${ms(total)} = DynamoDB ${ms(dynamo)} (${requests.toFixed(1)} requests) + Bot API ${ms(api)} ` +
        `(${calls.toFixed(1)} calls, one after the other, to the local stand-in) + handler code ` +
        `${ms(total - dynamo - api)} (webhook parsing, grammY, dialog, rendering); floor mean ${ms(mean(floor))}. ` +
        `p50s: turn ${ms(p50((t) => t.ms))}, its DynamoDB part ${ms(p50((t) => t.dynamoMs))}, Bot API part ` +
        `${ms(p50((t) => t.botApiMs))}, handler code ${ms(p50((t) => t.ms - t.dynamoMs - t.botApiMs))}; the turn ` +
        `without its Bot API calls ${ms(withoutApi)} = ${(withoutApi / floorSpread.p50).toFixed(2)}× the floor.`,
    );
  }
  const perStep = SCRIPT.map((step) => {
    const list = turns.filter((turn) => turn.label === step.label);
    return `${step.label} ${ms(
      percentile(
        list.map((t) => t.ms),
        50,
      ),
    )}`;
  });
  findings.push(`p50 per step: ${perStep.join(' · ')}`);
  data.perStep = SCRIPT.map((step) => {
    const list = turns.filter((turn) => turn.label === step.label);
    return {
      label: step.label,
      kind: step.kind,
      ...spread(list.map((t) => t.ms)),
      meanDynamoMs: mean(list.map((t) => t.dynamoMs)),
      meanBotApiMs: mean(list.map((t) => t.botApiMs)),
      meanBotApiCalls: mean(list.map((t) => t.botApiCalls)),
    };
  });
  return { figures, findings, data };
}
