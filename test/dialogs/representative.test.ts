import { runTurn } from '../../dialogs/engine';
import type { InboundEvent, OutboundMessage, Session, TurnContext, TurnResult } from '../../dialogs/types';
import { group, type MemoryPorts, memoryPorts } from '../support/memory-ports';

const telegram: TurnContext = {
  channel: 'telegram',
  sharesLocation: true,
  chatKey: 'tg:5001',
  languageTag: 'de',
};

function keysOf(messages: OutboundMessage[]): string[] {
  return messages.flatMap((m) =>
    m.kind === 'text'
      ? (Array.isArray(m.text) ? m.text : [m.text]).map((t) => ('key' in t ? t.key : 'raw'))
      : [m.kind],
  );
}

/** Runs events in a row like a chat; returns every turn's result. */
async function chat(events: InboundEvent[], ports: MemoryPorts, context = telegram, start?: Session) {
  let session = start;
  const results = [];
  for (const event of events) {
    const result = await runTurn(session, event, context, ports);
    results.push(result);
    session = result.session ?? undefined;
  }
  return results;
}

/** What the turns counted for referral codes, in order (the channel writes these after each save). */
const countsOf = (results: TurnResult[]) =>
  results.flatMap((r) => (r.referralCounts ? [r.referralCounts] : []));

test('a second /start with the same code does not count the start again', async () => {
  const results = await chat(
    [command('start', 'moschee-hh-ar'), command('start', 'moschee-hh-ar')],
    memoryPorts(),
  );
  expect(countsOf(results).map((entry) => entry.counts)).toEqual([{ starts: 1 }]);
});

const text = (t: string): InboundEvent => ({ kind: 'text', text: t });
const press = (id: string): InboundEvent => ({ kind: 'button', id });
const command = (name: 'start' | 'representative' | 'delete', payload?: string): InboundEvent =>
  payload ? { kind: 'command', name, payload } : { kind: 'command', name };

const REQUEST: InboundEvent[] = [
  command('start'),
  command('representative'),
  text('  Al-Nur   Moscheegemeinde  '),
  text('Hamburg'),
  press('rep:lang:ar'),
];

describe('a representative asking for a referral link', () => {
  test('is asked for the organisation, the place and the language, then sees a summary to confirm', async () => {
    const ports = memoryPorts();
    const results = await chat(REQUEST, ports);
    expect(results.slice(1).map((r) => keysOf(r.messages))).toEqual([
      ['representative.intro', 'representative.askOrganisation'],
      ['representative.askCity'],
      ['representative.askLanguage'],
      ['representative.confirm'],
    ]);
    const confirm = results.at(-1)?.messages[0];
    expect(confirm).toMatchObject({
      text: {
        key: 'representative.confirm',
        // Spaces tidied, the place in the gazetteer's spelling, the language in its own name.
        params: { organisation: 'Al-Nur Moscheegemeinde', region: '20095 Hamburg', language: 'العربية' },
      },
    });
    // Nothing is stored before the representative confirms.
    expect(ports.referralRequests.size).toBe(0);
  });

  test('stores the request with the chat to answer in before saying that staff will check it', async () => {
    const ports = memoryPorts();
    const results = await chat([...REQUEST, press('rep:send')], ports);
    const answer = results.at(-1)?.messages ?? [];
    expect(keysOf(answer)).toEqual(['representative.sent']);
    // No dead end: the menu comes with it.
    expect(answer[0] && 'buttons' in answer[0] ? answer[0].buttons?.flat().map((b) => b.id) : []).toContain(
      'menu:find',
    );
    expect([...ports.referralRequests.values()]).toEqual([
      expect.objectContaining({
        organisation: 'Al-Nur Moscheegemeinde',
        region: '20095 Hamburg',
        country: 'DE',
        language: 'ar',
        chatLanguage: 'de',
        chatKey: 'tg:5001',
        channel: 'telegram',
        state: 'pending',
      }),
    ]);
    expect(results.at(-1)?.session).toMatchObject({ referralRequest: 'ref-1', step: 'menu' });
    expect(results.at(-1)?.session?.referralDraft).toBeUndefined();
  });

  test('keeps a place the gazetteer does not know as typed, and a language typed by its name', async () => {
    const ports = memoryPorts();
    const results = await chat(
      [
        command('start'),
        command('representative'),
        text('Kulturverein Demo'),
        text('Kreis Nirgendwo'),
        text('Türkçe'),
      ],
      ports,
    );
    expect(results.at(-1)?.messages[0]).toMatchObject({
      text: { params: { organisation: 'Kulturverein Demo', region: 'Kreis Nirgendwo', language: 'Türkçe' } },
    });
  });

  test('asks again for a name that is too short, too long or only invisible characters', async () => {
    for (const bad of ['x', 'A'.repeat(81), '\u200b\u202e ', '/start']) {
      const results = await chat([command('start'), command('representative'), text(bad)], memoryPorts());
      expect(keysOf(results.at(-1)?.messages ?? [])).toContain('representative.invalidName');
      expect(results.at(-1)?.session?.step).toBe('referral-organisation');
    }
  });

  test('does not take the organisation name for a concern or offer another language because of it', async () => {
    const results = await chat(
      [command('start'), command('representative'), text('Diabetes Hilfe Verein')],
      memoryPorts(),
    );
    expect(keysOf(results.at(-1)?.messages ?? [])).toEqual(['representative.askCity']);
    const arabic = await chat(
      [command('start'), command('representative'), text('جمعية النور الثقافية')],
      memoryPorts(),
    );
    expect(keysOf(arabic.at(-1)?.messages ?? [])).toEqual(['representative.askCity']);
  });

  test('can cancel at any question, and nothing is stored', async () => {
    const ports = memoryPorts();
    const results = await chat(
      [command('start'), command('representative'), text('Verein'), press('rep:cancel')],
      ports,
    );
    expect(keysOf(results.at(-1)?.messages ?? [])).toEqual(['representative.cancelled', 'welcome.whatNext']);
    expect(ports.referralRequests.size).toBe(0);
  });

  test('a pressed "send" without a finished request starts the questions again', async () => {
    const ports = memoryPorts();
    const results = await chat([command('start'), press('rep:send')], ports);
    expect(keysOf(results.at(-1)?.messages ?? [])).toEqual([
      'representative.intro',
      'representative.askOrganisation',
    ]);
    expect(ports.referralRequests.size).toBe(0);
  });

  test('/delete erases the chat from a pending request', async () => {
    const ports = memoryPorts();
    await chat([...REQUEST, press('rep:send'), command('delete')], ports);
    expect(ports.referralRequests.get('ref-1')?.chatKey).toBe('');
  });
});

describe('referral codes in links', () => {
  test.each([
    ['an unknown code', 'no-such-code-ABCDEFGH'],
    ['a code that is too long', `a${'b'.repeat(64)}`],
    ['a code with other characters', 'moschee-hh-ar<script>'],
    ['a code with spaces', 'moschee hh'],
    ['a pending code (not approved yet)', 'ref-1'],
  ])('%s is harmless: the plain welcome, no referral, nothing counted', async (_, code) => {
    const ports = memoryPorts();
    await ports.referrals.request({
      organisation: 'Pending e. V.',
      region: 'Hamburg',
      language: 'ar',
      chatLanguage: 'de',
      channel: 'telegram',

      chatKey: 'tg:1',
      at: '2026-11-23T10:00:00Z',
    });
    const results = await chat([command('start', code)], ports, {
      channel: 'telegram',
      sharesLocation: true,
      chatKey: 'tg:9',
      languageTag: 'de',
    });
    const [result] = results;
    expect(keysOf(result?.messages ?? [])).toEqual(['welcome.hello', 'welcome.whatNext']);
    expect(result?.session?.referral).toBeUndefined();
    expect(result?.lang).toBe('de');
    expect(countsOf(results)).toEqual([]);
  });
});

describe('counting for a referral code', () => {
  const groups = Array.from({ length: 7 }, (_, i) => group({ id: `g${i}`, topics: ['diabetes'] }));

  test('counts the start, each new search with the groups shown, further pages and a handoff request', async () => {
    const ports = memoryPorts(groups);
    const context: TurnContext = {
      channel: 'telegram',
      sharesLocation: true,
      chatKey: 'tg:77',
      languageTag: 'de',
    };
    const results = await chat(
      [
        command('start', 'moschee-hh-ar'),
        text('سكري'),
        text('20095'),
        press('res:more'),
        press('menu:person'),
        press('ho:agree'),
        press('ho:chat'),
        press('ho:time:any'),
      ],
      ports,
      context,
    );
    expect(countsOf(results).map((entry) => entry.counts)).toEqual([
      { starts: 1 },
      { searches: 1, groupsShown: 5 },
      { groupsShown: 2 },
      { handoffs: 1 },
    ]);
    expect(new Set(countsOf(results).map((entry) => entry.code))).toEqual(new Set(['moschee-hh-ar']));
  });

  test('a chat without a referral code counts nothing', async () => {
    const ports = memoryPorts(groups);
    const results = await chat([command('start'), text('Diabetes'), text('20095'), press('res:more')], ports);
    expect(countsOf(results)).toEqual([]);
  });
});
