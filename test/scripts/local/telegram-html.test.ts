import { checkTelegramUrl, parseTelegramHtml } from '../../../scripts/local/telegram-html';

describe('parseTelegramHtml', () => {
  test('returns the text the user sees with Bot API entities for Telegram tags', () => {
    const parsed = parseTelegramHtml(
      '<b>Groups</b> near <i>you</i>: <a href="https://example.org/g?id=1&amp;lang=ar">open</a>',
    );
    expect(parsed).toEqual({
      ok: true,
      text: 'Groups near you: open',
      entities: [
        { type: 'bold', offset: 0, length: 6 },
        { type: 'italic', offset: 12, length: 3 },
        { type: 'text_link', offset: 17, length: 4, url: 'https://example.org/g?id=1&lang=ar' },
      ],
    });
  });

  test('decodes only the four named entities and numeric references', () => {
    const parsed = parseTelegramHtml('1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;ok&quot; &#1604;&#x1F600;');
    expect(parsed).toMatchObject({ ok: true, text: '1 < 2 && 3 > 2 "ok" ل😀' });
  });

  test.each([
    ['an unknown tag', '<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
    ['an unescaped < before a space', 'a < b', 'Unsupported start tag "" at byte offset 2'],
    ['an unescaped < at the end', 'x <b', 'Unclosed start tag at byte offset 2'],
    ['an unclosed tag', '<b>bold', 'Can\'t find end tag corresponding to start tag "b"'],
    [
      'misnested tags',
      '<b><i>x</b></i>',
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    ],
    ['an end tag without start', 'x</b>', 'Unexpected end tag at byte offset 1'],
    [
      'an unquoted URL in href',
      '<a href=https://example.org>x</a>',
      'Unexpected end of name token at byte offset 8',
    ],
    [
      'a span that is no spoiler',
      '<span class="note">x</span>',
      'Tag "span" must have class "tg-spoiler" at byte offset 0',
    ],
    [
      'a custom emoji without a numeric id',
      '<tg-emoji emoji-id="smile">👍</tg-emoji>',
      'Invalid custom emoji identifier specified',
    ],
    [
      'a lone surrogate',
      'x &#xD83D; y',
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    ],
  ])('refuses %s with Telegram’s description', (_case, html, description) => {
    expect(parseTelegramHtml(html)).toEqual({ ok: false, description });
  });

  test('reports byte offsets in UTF-8 bytes, as Telegram does', () => {
    // Five Arabic letters take two bytes each.
    expect(parseTelegramHtml('مرحبا <p>')).toEqual({
      ok: false,
      description: 'Unsupported start tag "p" at byte offset 11',
    });
  });

  test.each([
    ['a bare ampersand', 'Tom & Jerry', 'Tom & Jerry', 'Unescaped "&" at byte offset 4'],
    ['a named entity Telegram does not know', 'a&nbsp;b', 'a&nbsp;b', 'Unescaped "&" at byte offset 1'],
    ['a bare >', '3 > 2', '3 > 2', 'Unescaped ">" at byte offset 2'],
    [
      'an entity without its semicolon',
      '1 &lt 2',
      '1 < 2',
      'Character reference at byte offset 2 must end with ";"',
    ],
    [
      'an ampersand in an attribute',
      '<a href="https://x.org/?a=1&b=2">x</a>',
      'x',
      'Unescaped "&" at byte offset 27',
    ],
  ])('in strict mode refuses %s, which Telegram shows as is', (_case, html, lenientText, description) => {
    const strict = parseTelegramHtml(html);
    expect(strict.ok).toBe(false);
    expect(strict.ok ? '' : strict.description).toContain(description);
    expect(parseTelegramHtml(html, { strict: false })).toMatchObject({ ok: true, text: lenientText });
  });

  test('merges <pre><code class="language-x"> into one pre entity with its language', () => {
    expect(parseTelegramHtml('<pre><code class="language-python">print(1)</code></pre>')).toEqual({
      ok: true,
      text: 'print(1)',
      entities: [{ type: 'pre', offset: 0, length: 8, language: 'python' }],
    });
  });

  test('knows spoilers, expandable quotes, underline and strikethrough in all their spellings', () => {
    const parsed = parseTelegramHtml(
      '<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span><blockquote expandable>c</blockquote><INS>d</INS><del>e</del>',
    );
    expect(parsed.ok && parsed.entities.map((entity) => entity.type)).toEqual([
      'spoiler',
      'spoiler',
      'expandable_blockquote',
      'underline',
      'strikethrough',
    ]);
  });

  test('counts entity offsets in UTF-16 code units', () => {
    const parsed = parseTelegramHtml('😀 <b>x</b>');
    expect(parsed.ok && parsed.entities).toEqual([{ type: 'bold', offset: 3, length: 1 }]);
  });

  test('trims surrounding white space and moves the entities with it', () => {
    expect(parseTelegramHtml('\n  <b> hi</b> \n')).toEqual({
      ok: true,
      text: 'hi',
      entities: [{ type: 'bold', offset: 0, length: 2 }],
    });
  });

  test('keeps the text of a link Telegram refuses, without a link entity', () => {
    expect(parseTelegramHtml('<a href="http://localhost:3000">local</a>')).toEqual({
      ok: true,
      text: 'local',
      entities: [],
    });
  });

  test('makes no entity of an empty element', () => {
    expect(parseTelegramHtml('<b></b>x')).toEqual({ ok: true, text: 'x', entities: [] });
  });
});

describe('checkTelegramUrl', () => {
  test.each([
    ['https://example.org/a b', 'https://example.org/a%20b'],
    ['example.org', 'http://example.org/'],
    ['tg://resolve?domain=x', 'tg://resolve?domain=x'],
    ['http://localhost:3000/', undefined],
    ['javascript:alert(1)', undefined],
    ['', undefined],
  ])('normalizes or refuses %s', (url, expected) => {
    expect(checkTelegramUrl(url)).toBe(expected);
  });
});
