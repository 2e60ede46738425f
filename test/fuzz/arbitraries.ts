import fc from 'fast-check';
import { BUTTON, PREFIX } from '../../dialogs/buttons';
import { GOOD_TIMES } from '../../dialogs/flows/handoff';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
import { NATIVE_NAMES } from '../../dialogs/native-names';
import { SECTOR_IDS, TOPIC_IDS } from '../../dialogs/topics';
import type { CommandName, Country, InboundEvent, Place, Session, TurnContext } from '../../dialogs/types';
import { COMMANDS, STEPS } from '../../dialogs/types';
import { LOCALES } from '../../lambdas/i18n/locales';

/**
 * Shared fast-check arbitraries for the attack tests: texts, buttons, locations and commands a user (or an
 * attacker posing as Telegram) may send, the contexts a channel may give, and sessions in any state.
 */

// --- Words the bot understands, taken from the locale files, so the fuzzer reaches the deep branches too.

const recognitions = Object.values(LOCALES).map((locale) => locale.recognition);

/** Danger phrases of every language: they must bring the emergency numbers, whatever else comes with them. */
export const DANGER_PHRASES: readonly string[] = unique(
  recognitions.flatMap((r) => Object.values(r.danger).flat()),
);
const TOPIC_WORDS: readonly string[] = unique(recognitions.flatMap((r) => Object.values(r.topics).flat()));
const YES_NO_WORDS: readonly string[] = unique(recognitions.flatMap((r) => [...r.yes, ...r.no]));

/** Postcodes and towns the real gazetteer knows, and some it does not. */
const PLACES = [
  '20095',
  '10115',
  '80331',
  '01067',
  '6900',
  '0150',
  '5003',
  '99999',
  '00000',
  '1234',
  '123456',
  'Hamburg',
  'hamburg-altona',
  'Дрезден',
  'هامبورغ',
  'Florø',
  'Oslo',
  'Frauenstein',
  'Berlin Mitte',
];

/** Text that looks like markup: whatever reaches a message must come out escaped. */
const HTML_LIKE = [
  '<b>',
  '</b>',
  '<i>x</i>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="tg://user?id=1">',
  '<script>alert(1)</script>',
  '<tg-spoiler>',
  '<pre><code class="language-">',
  '<blockquote expandable>',
  '<div>',
  '</',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&nbsp;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&#',
  '"',
  "'",
  '<br/>',
  '<!-- -->',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder typed by a user, not a template
  '${name}',
  '{{name}}',
  '$t(menu.find)',
  '%s',
  '\\',
];

/** Right-to-left script and the bidirectional controls that can turn a message around. */
const RTL = [
  'مرحبا',
  'أعاني من الاكتئاب',
  'سلام',
  'افسردگی دارم',
  'זה טקסט בעברית',
  'کوردی',
  '\u202E',
  '\u202D',
  '\u200F',
  '\u200E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061C',
];

const EMOJI = ['😀', '🆘', '❤️', '👩‍👩‍👧‍👦', '🏳️‍🌈', '🇩🇪', '🇳🇴', '👍🏽', '\uFE0F', '\u200D', '🫶', '̈́', 'Z̷̡̛̹̖̩̓̓a̸̧͓̔l̸̮͌g̶̣̈́o̴̟͝'];

const COMMAND_TEXTS = ['/start', '/start@selfhelp_local_bot', '/help', '/delete', '/unknown', '/', '//start'];

/** Characters below 0x20 and the C1 block, the NUL included. */
const controlCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.constantFrom(0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff),
);
const controlString = fc.string({ unit: controlCharacter.map((c) => String.fromCharCode(c)), maxLength: 12 });

/** Any UTF-16 code unit, lone surrogates included: what a broken client or a truncated emoji gives. */
const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

/** A long text: around and beyond the bot's 1,000-character limit and Telegram's 4,096. */
const longString = fc
  .tuple(
    fc.constantFrom('a', 'ü', 'ب', '😀', '<', '&', ' ', 'Diabetes ', '20095 ', 'x'.repeat(63)),
    fc.integer({ min: 900, max: 5000 }),
  )
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const postcodeLike = fc.oneof(
  fc.stringMatching(/^[0-9]{4,5}$/),
  fc.constantFrom(...PLACES),
  fc.stringMatching(/^[0-9 ]{3,7}$/),
  fc.stringMatching(/^(D-|N-|DE |NO-)?[0-9]{4,5}( [A-Za-zäöüøæå]{1,12})?$/),
);

/** One fragment of a typed message. */
const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: codeUnitString },
  { weight: 1, arbitrary: controlString },
  { weight: 2, arbitrary: fc.constantFrom(...RTL) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 3, arbitrary: fc.constantFrom(...HTML_LIKE) },
  { weight: 3, arbitrary: postcodeLike },
  { weight: 3, arbitrary: fc.constantFrom(...TOPIC_WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...DANGER_PHRASES) },
  { weight: 1, arbitrary: fc.constantFrom(...YES_NO_WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(NATIVE_NAMES), ...SUPPORTED_LANGUAGES) },
  { weight: 1, arbitrary: fc.constantFrom(...COMMAND_TEXTS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('+49 170 1234567', '0049170123', 'a@b.de', 'x@', '@', 'name@example.org'),
  },
);

/** A typed message: fragments joined by spaces or nothing, or a very long text, or nothing at all. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.array(fragment, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '', '\n', ', '))
      .map(([parts, separator]) => parts.join(separator)),
  },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u0000', '\u200B') },
);

// --- Buttons

const GROUP_IDS = ['g1', 'g-online', 'g-html', 'g-long', 'g-rtl', 'g-empty'] as const;

/** Every button id the bot itself sends, as listed in dialogs/buttons.ts and the flows. */
export const REAL_BUTTON_IDS: readonly string[] = [
  ...Object.values(BUTTON),
  ...SUPPORTED_LANGUAGES.map((lang) => `${PREFIX.language}${lang}`),
  ...SUPPORTED_LANGUAGES.map((lang) => `${PREFIX.keepLanguage}${lang}`),
  ...SECTOR_IDS.map((sector) => `${PREFIX.sector}${sector}`),
  ...TOPIC_IDS.map((topic) => `${PREFIX.topic}${topic}`),
  ...GOOD_TIMES.map((time) => `${PREFIX.goodTime}${time}`),
  ...GROUP_IDS.map((id) => `${PREFIX.group}${id}`),
];

/** A prefix of the real set with a random or hostile rest: `topic:__proto__`, `lang:constructor`, `group:…`. */
const prefixedId = fc
  .tuple(
    fc.constantFrom(...Object.values(PREFIX)),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        '',
        ' ',
        'en ',
        'EN',
        'de\u0000',
      ),
      codeUnitString,
    ),
  )
  .map(([prefix, rest]) => prefix + rest);

export const buttonIdArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...REAL_BUTTON_IDS) },
  { weight: 3, arbitrary: prefixedId },
  { weight: 2, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 1, arbitrary: codeUnitString },
  { weight: 1, arbitrary: fc.string({ minLength: 65, maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'menu:', 'ho:time:', 'ho:time:any ', 'continue\n') },
);

// --- Locations

/**
 * Any double: in range, out of range, huge, tiny, negative zero, and the non-finite values a JSON body can carry
 * (`1e400` parses as Infinity).
 */
export const coordinateArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -90, max: 90, noNaN: true }) },
  { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 90, -90, 180, -180, 91, 181, 1e308, -1e308, 5e-324) },
  { weight: 1, arbitrary: fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN) },
);

/** Coordinates Telegram can send: finite numbers in range. */
const telegramCoordinate = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true });

/** Real places the bot serves, so that searches with results happen often. */
const REAL_POINTS: readonly [number, number][] = [
  [53.5503, 10.0007],
  [51.5136, 7.4653],
  [52.52, 13.405],
  [61.5996, 5.0328],
  [59.9139, 10.7522],
  [69.6492, 18.9553],
];

export const locationArb: fc.Arbitrary<{ lat: number; lon: number }> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ lat: coordinateArb, lon: coordinateArb }) },
  { weight: 2, arbitrary: fc.constantFrom(...REAL_POINTS).map(([lat, lon]) => ({ lat, lon })) },
);

// --- Commands

/** A `/start` payload: referral codes, valid-looking ones, and anything else. */
export const payloadArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('moschee-hh-ar', 'unknown-code', 'a'.repeat(64), 'a'.repeat(65), '__proto__'),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
  textArb,
);

const commandArb: fc.Arbitrary<InboundEvent> = fc
  .tuple(fc.constantFrom<CommandName>(...COMMANDS), fc.option(payloadArb, { nil: undefined }))
  .map(([name, payload]) =>
    payload === undefined ? { kind: 'command', name } : { kind: 'command', name, payload },
  );

// --- Events

export const eventArb: fc.Arbitrary<InboundEvent> = fc.oneof(
  { weight: 4, arbitrary: textArb.map((text): InboundEvent => ({ kind: 'text', text })) },
  { weight: 4, arbitrary: buttonIdArb.map((id): InboundEvent => ({ kind: 'button', id })) },
  {
    weight: 1,
    arbitrary: locationArb.map(({ lat, lon }): InboundEvent => ({ kind: 'location', lat, lon })),
  },
  { weight: 1, arbitrary: commandArb },
);

// --- Contexts

/** Telegram `language_code` and Teams `locale` values, real and odd. */
export const languageTagArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...SUPPORTED_LANGUAGES),
  fc.constantFrom('pt-BR', 'fa-AF', 'fa_AF', 'no', 'NB', 'ku', 'ar-SA', 'en-US', 'de_DE', 'zh-hans', 'x', ''),
  fc.constantFrom('__proto__', 'constructor', '-', '--', '_'),
  fc.string({ maxLength: 20 }),
);

export const contextArb: fc.Arbitrary<TurnContext> = fc
  .record({
    channel: fc.constantFrom('telegram' as const, 'teams' as const),
    chatKey: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
    languageTag: languageTagArb,
  })
  .map(({ channel, chatKey, languageTag }) => ({
    channel,
    ...(chatKey === undefined ? {} : { chatKey }),
    ...(languageTag === undefined ? {} : { languageTag }),
  }));

// --- Sessions in any state the type allows

const countryArb = fc.constantFrom<Country>('DE', 'NO');

const placeArb: fc.Arbitrary<Place> = fc
  .record(
    {
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      country: countryArb,
      label: fc.string({ maxLength: 30 }),
      postcode: fc.stringMatching(/^[0-9]{4,5}$/),
    },
    { requiredKeys: ['lat', 'lon', 'country'] },
  )
  .map((place) => JSON.parse(JSON.stringify(place)) as Place);

/** A session as a JSON round trip through the store would give it: no `undefined` values, no -0. */
export const sessionArb: fc.Arbitrary<Session> = fc
  .record(
    {
      lang: fc.constantFrom(...SUPPORTED_LANGUAGES),
      langChosen: fc.boolean(),
      step: fc.constantFrom(...STEPS),
      explainPage: fc.oneof(fc.nat(10), fc.integer({ min: -5, max: 1000 })),
      sector: fc.constantFrom(...SECTOR_IDS),
      concerns: fc.uniqueArray(fc.constantFrom(...TOPIC_IDS), { maxLength: 5 }),
      place: placeArb,
      onlineOnly: fc.boolean(),
      resultsOffset: fc.oneof(fc.constantFrom(0, 5, 10), fc.integer({ min: -10, max: 1000 })),
      referral: fc.constantFrom('moschee-hh-ar', 'unknown'),
      country: countryArb,
      handoffDraft: fc.record(
        {
          contactWay: fc.constantFrom('chat' as const, 'phone' as const, 'email' as const),
          contactDetail: fc.constantFrom('+49 170 1234567', 'a@example.org'),
        },
        { requiredKeys: [] },
      ),
      handoffId: fc.constantFrom('H1', 'H-unknown'),
      declinedLanguages: fc.uniqueArray(fc.constantFrom(...SUPPORTED_LANGUAGES), { maxLength: 4 }),
    },
    {
      requiredKeys: ['lang', 'langChosen', 'step', 'explainPage', 'concerns', 'onlineOnly', 'resultsOffset'],
    },
  )
  .map((session) => JSON.parse(JSON.stringify(session)) as Session);

function unique(values: string[]): string[] {
  return [...new Set(values)].filter((v) => v.length > 0);
}

// --- Telegram webhook bodies

/** Private chats have the user's positive id; groups and channels negative ones. */
const privateChatId = fc.oneof(
  fc.integer({ min: 1, max: 2_000_000_000 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
);
const updateIdArb = fc.oneof(fc.nat(), fc.constant(0), fc.constant(Number.MAX_SAFE_INTEGER));

const userArb = fc.record(
  {
    id: privateChatId,
    is_bot: fc.boolean(),
    first_name: fc.string({ maxLength: 20 }),
    last_name: fc.string({ maxLength: 20 }),
    username: fc.stringMatching(/^[A-Za-z0-9_]{0,32}$/),
    language_code: languageTagArb.map((tag) => tag ?? 'en'),
    is_premium: fc.constant(true as const),
  },
  { requiredKeys: ['id', 'is_bot', 'first_name'] },
);

const chatArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ id: privateChatId, type: fc.constant('private'), first_name: fc.string() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      id: fc.integer({ min: -1_999_999_999_999, max: -1 }),
      type: fc.constantFrom('group', 'supergroup', 'channel'),
      title: fc.string(),
    }),
  },
);

/** A command as a Telegram client would send it, with its bot_command entity. */
const commandTextArb = fc
  .tuple(
    fc.constantFrom(...COMMANDS, 'unknown', 'START', 'Start'),
    fc.constantFrom('', '@selfhelp_local_bot', '@other_bot'),
    fc.option(payloadArb, { nil: undefined }),
  )
  .map(([name, mention, payload]) => `/${name}${mention}${payload === undefined ? '' : ` ${payload}`}`);

const entitiesFor = (text: string) =>
  text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: (text.match(/^\/\S*/)?.[0] ?? '/').length }]
    : [];

const messageContentArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 5, arbitrary: textArb.map((text) => ({ text, entities: entitiesFor(text) })) },
  { weight: 2, arbitrary: commandTextArb.map((text) => ({ text, entities: entitiesFor(text) })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        telegramCoordinate(90),
        telegramCoordinate(180),
        fc.option(fc.double({ min: 0, max: 1500, noNaN: true }), { nil: undefined }),
      )
      .map(([latitude, longitude, accuracy]) => ({
        location: {
          latitude,
          longitude,
          ...(accuracy === undefined ? {} : { horizontal_accuracy: accuracy }),
        },
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, unknown>>(
      {
        sticker: {
          file_id: 'x',
          file_unique_id: 'y',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
        },
      },
      { voice: { file_id: 'x', file_unique_id: 'y', duration: 3 } },
      { photo: [{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }], caption: '<b>hi' },
      { contact: { phone_number: '+49170', first_name: 'A' } },
      { new_chat_members: [] },
      {},
    ),
  },
);

const messageArb = fc
  .tuple(
    fc.record({ message_id: fc.nat(), date: fc.nat(), chat: chatArb }),
    fc.option(userArb, { nil: undefined }),
    messageContentArb,
  )
  .map(([base, from, content]) => ({
    ...base,
    ...(from === undefined ? {} : { from: { ...from, id: base.chat.id > 0 ? base.chat.id : from.id } }),
    ...content,
  }));

const callbackQueryArb = fc
  .tuple(
    // Telegram's callback query ids are long numbers as strings; a blank one is an attack of its own.
    fc.stringMatching(/^[1-9][0-9]{0,19}$/),
    userArb,
    fc.option(messageArb, { nil: undefined }),
    fc.option(buttonIdArb, { nil: undefined }),
  )
  .map(([id, from, message, data]) => ({
    id,
    from: { ...from, id: message && message.chat.id > 0 ? message.chat.id : from.id },
    chat_instance: '1',
    ...(message === undefined ? {} : { message }),
    ...(data === undefined ? {} : { data }),
  }));

/** An update the way Telegram sends it: every field has the type the Bot API documents. */
export const updateArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    updateIdArb,
    fc.oneof(
      { weight: 6, arbitrary: messageArb.map((message) => ({ message })) },
      { weight: 4, arbitrary: callbackQueryArb.map((callback_query) => ({ callback_query })) },
      { weight: 1, arbitrary: messageArb.map((edited_message) => ({ edited_message })) },
      { weight: 1, arbitrary: messageArb.map((channel_post) => ({ channel_post })) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Record<string, unknown>>(
          {
            my_chat_member: {
              chat: { id: 42, type: 'private' },
              from: { id: 42, is_bot: false, first_name: 'A' },
              date: 1,
              old_chat_member: { status: 'member', user: { id: 1, is_bot: true, first_name: 'B' } },
              new_chat_member: {
                status: 'kicked',
                user: { id: 1, is_bot: true, first_name: 'B' },
                until_date: 0,
              },
            },
          },
          {
            inline_query: {
              id: '1',
              from: { id: 42, is_bot: false, first_name: 'A' },
              query: '',
              offset: '',
            },
          },
          {},
        ),
      },
    ),
  )
  .map(([update_id, content]) => ({ update_id, ...content }));

/** Any JSON value, deep and wide enough to replace a field of an update. */
const jsonValueArb = fc.jsonValue({ maxDepth: 3 });

type Json = unknown;

/** The paths of every value inside a JSON value: [['message'], ['message', 'chat'], ['message', 'chat', 'id'], …]. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, Json>).flatMap(([key, child]) => [
    [...prefix, key],
    ...pathsOf(child, [...prefix, key]),
  ]);
}

function changedAt(value: Json, path: string[], change: (old: Json) => Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return change(value);
  if (value === null || typeof value !== 'object') return value;
  // A JSON array has no members but its elements (an added one at most at its end). A path may name another key
  // of an array: an earlier mutation put an array where an entity was, and the path goes on to the entity's
  // `length`. Setting an array's length throws for most values and pads it with up to 2^32 holes for the rest.
  if (Array.isArray(value) && !(/^(0|[1-9][0-9]*)$/.test(head) && Number(head) <= value.length)) return value;
  const copy: Record<string, Json> = Array.isArray(value) ? ([...value] as never) : { ...(value as object) };
  const next = changedAt(copy[head], rest, change);
  if (next === undefined) Reflect.deleteProperty(copy, head);
  else copy[head] = next;
  return copy;
}

/** A field of an update removed, given a value of another type, or added. */
export type Mutation =
  | { kind: 'delete'; path: string[] }
  | { kind: 'replace' | 'add'; path: string[]; value: Json };

/** The update with the mutations applied in turn; the update itself is left as it was. */
export function mutated(update: Json, mutations: readonly Mutation[]): Json {
  return mutations.reduce<Json>(
    (current, m) => changedAt(current, m.path, () => (m.kind === 'delete' ? undefined : m.value)),
    update,
  );
}

/** An update with a few fields removed, given a value of another type, or added. */
export const mutatedUpdateArb: fc.Arbitrary<Json> = updateArb.chain((update) => {
  const paths = pathsOf(update);
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
    fc.record({
      kind: fc.constant('replace' as const),
      path: fc.constantFrom(...paths),
      value: jsonValueArb,
    }),
    fc.record({
      kind: fc.constant('add' as const),
      path: fc.constantFrom([], ...paths).chain((p) => fc.string({ maxLength: 12 }).map((k) => [...p, k])),
      value: jsonValueArb,
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutated(update, mutations));
});

/** What an attacker who knows the secret, or a broken proxy, may post. */
export interface WebhookBody {
  /** The raw body as it reaches the Lambda (base64 when `base64`). */
  body: string;
  base64: boolean;
  /** What the body is meant to be, for the expected status. */
  shape: 'update' | 'mutated-update' | 'not-an-update';
}

const encoded = (text: string, base64: boolean) =>
  base64 ? Buffer.from(text, 'utf8').toString('base64') : text;

export const webhookBodyArb: fc.Arbitrary<WebhookBody> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: updateArb.map((u) => ({ text: JSON.stringify(u), shape: 'update' as const })) },
      {
        weight: 4,
        arbitrary: mutatedUpdateArb.map((u) => ({
          text: JSON.stringify(u) ?? 'null',
          shape: 'mutated-update' as const,
        })),
      },
      {
        weight: 2,
        // Truncated JSON: a proxy that cut the body.
        arbitrary: updateArb
          .map((u) => JSON.stringify(u))
          .chain((text) =>
            fc
              .nat(text.length - 1)
              .map((cut) => ({ text: text.slice(0, cut), shape: 'not-an-update' as const })),
          ),
      },
      {
        weight: 2,
        arbitrary: jsonValueArb
          .filter((v) => !isUpdateLike(v))
          .map((v) => ({ text: JSON.stringify(v), shape: 'not-an-update' as const })),
      },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.string(),
            codeUnitString,
            longString,
            fc.constantFrom('', 'null', '[]', '{}', '"x"', '1e400'),
          )
          .filter((text) => !isUpdateLike(tryParse(text)))
          .map((text) => ({ text, shape: 'not-an-update' as const })),
      },
      {
        weight: 1,
        // Valid JSON, but the update_id is of the wrong kind (or a number JSON writes oddly: -0, 1e2, 1e400).
        arbitrary: fc
          .tuple(
            updateArb,
            fc.constantFrom('-1', '1.5', '"1"', 'null', 'true', '[]', '{}', '1e400', '-0', '1e2'),
          )
          .map(([u, id]) => ({
            text: JSON.stringify({ ...u, update_id: 0 }).replace('"update_id":0', `"update_id":${id}`),
            shape: 'not-an-update' as const,
          })),
      },
      {
        weight: 1,
        // Huge strings in an otherwise valid update.
        arbitrary: fc
          .tuple(
            updateArb,
            fc.integer({ min: 5000, max: 100_000 }),
            fc.constantFrom('a', '😀', '<', '\u0000'),
          )
          .map(([u, length, piece]) => ({
            text: JSON.stringify({ ...u, padding: piece.repeat(length) }),
            shape: 'update' as const,
          })),
      },
    ),
    fc.boolean(),
    fc.nat(9),
  )
  .map(([{ text, shape }, base64, mismatch]) => {
    // Now and then the isBase64Encoded flag lies: the body then no longer decodes to the same text.
    if (mismatch === 0)
      return { body: encoded(text, !base64), base64, shape: garbled(text, !base64, base64, shape) };
    return { body: encoded(text, base64), base64, shape };
  });

/** What a body becomes when it is decoded the wrong way; still an update if the decoding changed nothing. */
function garbled(
  text: string,
  encodedAsBase64: boolean,
  flag: boolean,
  shape: WebhookBody['shape'],
): WebhookBody['shape'] {
  const received = encoded(text, encodedAsBase64);
  const decoded = flag ? Buffer.from(received, 'base64').toString('utf8') : received;
  return decoded === text ? shape : isUpdateLike(tryParse(decoded)) ? 'mutated-update' : 'not-an-update';
}

function tryParse(text: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The handler's own test of an update: an object with a non-negative integer update_id. */
export function isUpdateLike(value: Json): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0;
}
