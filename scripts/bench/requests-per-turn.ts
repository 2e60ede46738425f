import type { Measurement, MeasurementResult } from './context';
import { playConversation, SCRIPT, type TurnKind, telegramBenchUser } from './conversation';
import type { Figure } from './report';
import { RequestMeter, type RequestTally } from './request-meter';
import { inProcessTelegram } from './telegram-app';

/** Budgets: DynamoDB requests per turn. */
export const REQUEST_BUDGETS: Record<TurnKind, number> = { session: 2, directory: 6 };

/** Conversations replayed: the counts must not depend on the user (their language, their chat). */
const USERS = [
  { chatId: 8_100_001, lang: 'de' },
  { chatId: 8_100_002, lang: 'ar' },
  { chatId: 8_100_003, lang: 'uk' },
];

/** Requests of one scripted step, over every replay. */
export interface StepCount {
  label: string;
  kind: TurnKind;
  /** The most requests any replay of this step needed. */
  max: number;
  /** Operations of the replay that needed the most, e.g. `GetItem 1, Query 2, PutItem 1`. */
  operations: string;
}

/** Folds the tallies of several replays into one line per step (the worst replay counts). */
export function countsPerStep(
  replays: readonly { label: string; kind: TurnKind; tally: RequestTally }[],
): StepCount[] {
  const steps = new Map<string, StepCount>();
  for (const { label, kind, tally } of replays) {
    const known = steps.get(label);
    if (known && known.max >= tally.requests) continue;
    const operations = Object.entries(tally.byOperation)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ');
    steps.set(label, { label, kind, max: tally.requests, operations });
  }
  return [...steps.values()];
}

/**
 * DynamoDB requests per turn: the scripted conversation (conversation.ts) through the real webhook handler in
 * this process, with an SDK middleware counting every request (retries included) of each turn.
 */
export const requestsPerTurn: Measurement = {
  id: 'requests',
  title: 'DynamoDB requests per turn',
  async run(context): Promise<MeasurementResult> {
    const tables = await context.env.freshTables();
    const client = context.env.newClient();
    const meter = new RequestMeter().attach(client);
    const telegram = inProcessTelegram(context.env, tables, client);
    const replays: { label: string; kind: TurnKind; tally: RequestTally }[] = [];
    try {
      for (const user of USERS) {
        await playConversation(
          telegramBenchUser(user.chatId, user.lang),
          telegram.post,
          context.env.standin,
          async (step, turn) => {
            meter.take();
            const result = await turn();
            replays.push({ label: step.label, kind: step.kind, tally: meter.take() });
            return result;
          },
        );
      }
    } finally {
      client.destroy();
    }
    const steps = countsPerStep(replays);
    const worst = (kind: TurnKind) =>
      steps.filter((step) => step.kind === kind).sort((a, b) => b.max - a.max)[0];
    const figures: Figure[] = [];
    const findings: string[] = [];
    for (const kind of ['session', 'directory'] as const) {
      const step = worst(kind);
      if (!step) continue;
      figures.push({
        id: `requests.${kind}`,
        what:
          kind === 'session'
            ? 'DynamoDB requests: non-search turn (max)'
            : 'DynamoDB requests: search turn (max; detail view incl.)',
        value: step.max,
        unit: 'requests',
        budget: { max: REQUEST_BUDGETS[kind] },
        detail: `worst: "${step.label}" (${step.operations})`,
      });
      const over = steps.filter((s) => s.kind === kind && s.max > REQUEST_BUDGETS[kind]);
      if (over.length > 0) {
        findings.push(
          `Over the ${kind === 'session' ? 'non-search' : 'search'} turn budget of ${REQUEST_BUDGETS[kind]}: ` +
            over.map((s) => `"${s.label}" ${s.max} (${s.operations})`).join('; '),
        );
      }
    }
    findings.push(
      `Requests per step of the script (${SCRIPT.length} turns, ${USERS.length} users: ` +
        `${USERS.map((u) => u.lang).join(', ')}): ` +
        steps.map((s) => `${s.label} ${s.max}`).join(' · '),
    );
    return { figures, findings, data: { steps } };
  },
};
