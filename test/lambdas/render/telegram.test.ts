import { type Language, SUPPORTED_LANGUAGES } from '../../../dialogs/languages';
import { topicList } from '../../../dialogs/messages';
import { TOPIC_IDS } from '../../../dialogs/topics';
import type { GroupView } from '../../../dialogs/types';
import { LOCALES } from '../../../lambdas/i18n/locales';
import { splitHtml } from '../../../lambdas/render/telegram-html';
import { renderForTelegram } from '../../../lambdas/telegram/render';

const group: GroupView = {
  id: 'g1',
  name: 'Eltern & Kinder <Demo>',
  topics: ['parenting'],
  languages: ['ar', 'de'],
  country: 'DE',
  city: 'Hamburg',
  postcode: '20095',
  online: false,
  schedule: 'Jeden 2. Dienstag, 18:00',
  distanceKm: 2.5,
};

describe('Telegram rendering', () => {
  test('escapes HTML in group names and keeps its own tags', () => {
    const [message] = renderForTelegram(
      [{ kind: 'group-list', intro: { key: 'results.introMore' }, groups: [group] }],
      'en',
    );
    expect(message?.html).toContain('<b>Eltern &amp; Kinder &lt;Demo&gt;</b>');
    expect(message?.html.startsWith('<b>More groups:</b>')).toBe(true);
  });

  test('isolates postcodes and numbers inside right-to-left text', () => {
    const [message] = renderForTelegram(
      [{ kind: 'text', text: { key: 'location.unknownPostcode', params: { postcode: '99999' } } }],
      'ar',
    );
    expect(message?.html).toContain('\u206899999\u2069');
  });

  test('isolates emergency phone numbers in right-to-left languages', () => {
    const [message] = renderForTelegram([{ kind: 'emergency', countries: ['DE'] }], 'ar');
    expect(message?.html).toContain('\u20680800\u00a0111\u00a00\u00a0111\u2069');
    expect(message?.html).toContain('\u2068112\u2069');
  });

  test('does not isolate values in left-to-right languages', () => {
    const [message] = renderForTelegram([{ kind: 'emergency', countries: ['NO'] }], 'en');
    expect(message?.html).toContain('22\u00a040\u00a000\u00a040');
    expect(message?.html).not.toContain('\u2068');
  });

  test('names group languages in the user language', () => {
    const [message] = renderForTelegram([{ kind: 'group', group }], 'de');
    expect(message?.html).toMatch(/Arabisch/);
    expect(message?.html).toMatch(/Deutsch/);
  });

  test('leaves out language codes nobody can name instead of showing them raw', () => {
    const mixed = { ...group, languages: ['ar', 'xx'] };
    const [detail] = renderForTelegram([{ kind: 'group', group: mixed }], 'de');
    expect(detail?.html).toMatch(/Sprachen: .*Arabisch/);
    expect(detail?.html).not.toMatch(/\bxx\b/);
    const [only] = renderForTelegram([{ kind: 'group', group: { ...group, languages: ['xx'] } }], 'de');
    expect(only?.html).not.toMatch(/Sprachen|\bxx\b/);
  });

  test('puts inline buttons on the message with their ids as callback data', () => {
    const [message] = renderForTelegram(
      [
        {
          kind: 'text',
          text: { key: 'welcome.whatNext' },
          buttons: [[{ id: 'menu:find', label: { key: 'menu.find' } }]],
        },
      ],
      'en',
    );
    expect(message?.replyMarkup).toEqual({
      inline_keyboard: [[{ text: 'Find a group', callback_data: 'menu:find' }]],
    });
  });

  test('asks for the location with a reply keyboard button', () => {
    const [message] = renderForTelegram(
      [{ kind: 'text', text: { key: 'location.ask' }, requestLocation: true }],
      'en',
    );
    expect(message?.replyMarkup).toMatchObject({ keyboard: [[{ request_location: true }]] });
  });
});

describe('splitting long messages', () => {
  test('keeps every part under 4096 characters and cuts only at line breaks', () => {
    const line = `<b>${'x'.repeat(90)}</b>`;
    const html = Array.from({ length: 100 }, () => line).join('\n');
    const parts = splitHtml(html);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.startsWith('<b>') && part.endsWith('</b>')).toBe(true);
    }
    expect(parts.join('\n')).toBe(html);
  });

  test('cuts a single overlong line without breaking an HTML entity', () => {
    const html = `${'a'.repeat(4094)}&amp;${'b'.repeat(10)}`;
    const parts = splitHtml(html);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(html);
    expect(parts.every((p) => !/&[a-z]*$/.test(p))).toBe(true);
  });
});

describe('right-to-left lines and phone numbers', () => {
  const visibleLines = (html: string) =>
    html.split('\n').filter((line) => line.replace(/<[^>]+>/g, '').trim() !== '');

  test.each(['ar', 'fa', 'prs', 'ps', 'ckb'] as const)(
    'every line of a %s message starts right-to-left, also one that starts with a Latin group name',
    (lang) => {
      const [message] = renderForTelegram([{ kind: 'group', group }], lang);
      const lines = visibleLines(message?.html ?? '');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(line.startsWith('\u200f')).toBe(true);
    },
  );

  test('a left-to-right message gets no marks', () => {
    const [message] = renderForTelegram([{ kind: 'group', group }], 'de');
    expect(message?.html).not.toContain('\u200f');
  });

  test.each(['de', 'en', 'ar', 'uk', 'ti', 'so', 'nb'] as const)(
    'keeps every phone number of the emergency message on one line in %s',
    (lang) => {
      const [message] = renderForTelegram([{ kind: 'emergency', countries: ['DE', 'NO'] }], lang);
      for (const number of ['0800 111 0 111', '116 016', '22 40 00 40', '116 123'])
        expect(message?.html).toContain(number.replace(/ /g, '\u00a0'));
      expect(message?.html).not.toMatch(/\d \d/);
    },
  );
});

describe('topic names inside a sentence', () => {
  const intro = (lang: Language, topics: string[]) =>
    renderForTelegram(
      [{ kind: 'text', text: { key: 'results.intro', params: { count: 3, topics: topicList(topics) } } }],
      lang,
    )[0]?.html ?? '';

  test('two topics are joined once, the language’s way, with names that hold no "and" of their own', () => {
    expect(intro('de', ['grief', 'depression'])).toContain('zum Thema Trauer und Depression gefunden');
    expect(intro('en', ['grief', 'heart'])).toContain('for grief and heart problems:');
    expect(intro('nb', ['grief', 'depression'])).toContain('om sorg og depresjon:');
  });

  test('names stand in lower case inside a Ukrainian or Russian sentence', () => {
    expect(intro('uk', ['grief', 'depression'])).toContain('(горе і депресія)');
    expect(intro('ru', ['loneliness'])).toContain('(одиночество)');
  });

  test.each(SUPPORTED_LANGUAGES)('every topic has a name for inside a sentence in %s', (lang) => {
    const names = LOCALES[lang]?.translation.topicsInText as Record<string, string> | undefined;
    for (const topic of TOPIC_IDS) expect(names?.[topic]?.trim()).toBeTruthy();
  });
});

describe('when a group meets, in the person’s language', () => {
  const meeting = { rrule: 'FREQ=MONTHLY;BYDAY=2TU', time: '18:30', timeZone: 'Europe/Berlin' };
  const withMeeting: GroupView = { ...group, meeting };
  const detail = (g: GroupView, lang: Language) =>
    renderForTelegram([{ kind: 'group', group: g }], lang)[0]?.html ?? '';

  test('a German schedule is shown to an Arabic, Ukrainian or Tigrinya reader in their language, not in German', () => {
    expect(detail(withMeeting, 'ar')).toContain('الثلاثاء');
    expect(detail(withMeeting, 'uk')).toContain('вівторок');
    expect(detail(withMeeting, 'ti')).toContain('ሰሉስ');
    for (const lang of ['ar', 'uk', 'ti'] as const)
      expect(detail(withMeeting, lang)).not.toContain('Dienstag');
  });

  test('the detail view names the next meeting with its date', () => {
    const html = detail(withMeeting, 'en');
    expect(html).toMatch(/every month, in week .*2.*: .*Tuesday.*18:30/);
    expect(html).toMatch(/Next meeting: [^<]*Tuesday, [^<]*\d[^<]*18:30/);
  });

  test('a German reader reads the contact point’s own words, an English reader the data in English', () => {
    expect(detail(withMeeting, 'de')).toContain('Wann: Jeden 2. Dienstag, 18:00');
    expect(detail(withMeeting, 'en')).not.toContain('Jeden');
  });

  test('a schedule nobody could read as data is shown only to people who read the country’s language', () => {
    const unread: GroupView = { ...group, schedule: 'Sommerpause, dann dienstags', meeting: undefined };
    expect(detail(unread, 'de')).toContain('Sommerpause');
    expect(detail(unread, 'ar')).not.toContain('Sommerpause');
  });
});
