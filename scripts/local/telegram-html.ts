import type { MessageEntity } from 'grammy/types';

/**
 * Telegram's `parse_mode: "HTML"`, as a pure function: what the user would see, or the reason Telegram refuses
 * the text.
 *
 * This is a port of `parse_html` in tdlib (`td/telegram/MessageEntity.cpp`), the code behind the Bot API, so the
 * error descriptions and byte offsets are Telegram's own. The Bot API answers them as
 * `Bad Request: can't parse entities: <description>`.
 *
 * With `strict` (the default) it also refuses what Telegram lets through but shows wrongly, the usual sign of a
 * renderer that forgot to escape: a bare `&` or `>`, `&nbsp;` and other named entities, and an entity without
 * its `;`. Those descriptions end with "(the stand-in is stricter than Telegram here)".
 *
 * @example
 * parseTelegramHtml('<b>Hi</b> &amp; welcome'); // { ok: true, text: 'Hi & welcome', entities: [bold 0..2] }
 * parseTelegramHtml('<div>x</div>'); // { ok: false, description: 'Unsupported start tag "div" at byte offset 0' }
 */
export function parseTelegramHtml(html: string, options: TelegramHtmlOptions = {}): TelegramHtmlResult {
  try {
    const parsed = new HtmlParser(Buffer.from(html, 'utf8'), options.strict ?? true).parse();
    return { ok: true, ...trimFormattedText(parsed.text, parsed.entities) };
  } catch (error) {
    if (error instanceof HtmlParseError) return { ok: false, description: error.message };
    throw error;
  }
}

export interface TelegramHtmlOptions {
  /** Refuse unescaped `&` and `>` and entities Telegram does not decode (default true). */
  strict?: boolean;
}

export type TelegramHtmlResult =
  | { ok: true; text: string; entities: MessageEntity[] }
  | { ok: false; description: string };

/**
 * Telegram drops leading and trailing white space of every text and caption before it counts the length, and
 * moves the entities with it.
 */
export function trimFormattedText(
  text: string,
  entities: MessageEntity[],
): { text: string; entities: MessageEntity[] } {
  const start = text.length - text.replace(/^[ \t\r\n\v\f]+/, '').length;
  const trimmed = text.slice(start).replace(/[ \t\r\n\v\f]+$/, '');
  const moved = entities.flatMap((entity) => {
    const from = Math.max(entity.offset - start, 0);
    const to = Math.min(entity.offset + entity.length - start, trimmed.length);
    return to > from ? [{ ...entity, offset: from, length: to - from }] : [];
  });
  return { text: trimmed, entities: moved };
}

/**
 * The link Telegram keeps for a `text_link` or an inline URL button, or undefined when it would refuse it.
 * A link without a scheme gets `http://`, as in Telegram; only http, https, tg and ton links are kept, and a web
 * link needs a host name with a dot or an IP address (Telegram refuses `localhost`).
 */
export function checkTelegramUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'tg:' || parsed.protocol === 'ton:') return parsed.href;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.hostname.includes('.') || parsed.hostname.startsWith('[') ? parsed.href : undefined;
}

class HtmlParseError extends Error {
  constructor(description: string) {
    super(description);
    this.name = 'HtmlParseError';
  }
}

const STRICTER = ' (the stand-in is stricter than Telegram here)';

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const SIMPLE_ENTITY_TYPES: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
};

const NAMED_ENTITIES: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const SEMICOLON = 0x3b;
const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

// tdlib's is_space counts the terminating NUL as space; `at()` returns 0 past the end like a C string.
const isSpace = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x00 || c === 0x0b;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

interface OpenTag {
  name: string;
  argument: string;
  /** UTF-16 offset in the result where the entity starts. */
  offset: number;
}

type ParsedEntity = MessageEntity & { codeLanguage?: string };

class HtmlParser {
  private text = '';
  private runStart = 0;
  private readonly open: OpenTag[] = [];
  private readonly entities: ParsedEntity[] = [];

  constructor(
    private readonly bytes: Buffer,
    private readonly strict: boolean,
  ) {}

  parse(): { text: string; entities: MessageEntity[] } {
    const { bytes } = this;
    for (let i = 0; i < bytes.length; i++) {
      const c = this.at(i);
      if (c === AMP) {
        const entity = this.decodeEntity(i);
        if (entity !== undefined) {
          this.flush(i);
          this.text += String.fromCodePoint(entity.code);
          this.runStart = entity.end;
          i = entity.end - 1;
          continue;
        }
        this.refuseBareAmpersand(i);
      } else if (c === GT && this.strict) {
        this.fail(`Unescaped ">" at byte offset ${i}, write "&gt;"${STRICTER}`);
      }
      if (c !== LT) continue;
      this.flush(i);
      i = this.at(i + 1) === SLASH ? this.endTag(i) : this.startTag(i);
      this.runStart = i + 1;
    }
    this.flush(bytes.length);
    const unclosed = this.open.at(-1);
    if (unclosed) this.fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(this.text)) {
      this.fail(
        'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
      );
    }
    const entities = this.entities
      .map(({ codeLanguage: _, ...entity }) => entity)
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    return { text: this.text, entities };
  }

  /** Parses `<name attr="value" ...>` starting at `<`; returns the index of its `>`. */
  private startTag(begin: number): number {
    let i = begin + 1;
    while (!isSpace(this.at(i)) && this.at(i) !== GT) i++;
    if (this.at(i) === 0) this.fail(`Unclosed start tag at byte offset ${begin}`);
    const name = asciiLower(this.slice(begin + 1, i));
    if (!SUPPORTED_TAGS.has(name)) this.fail(`Unsupported start tag "${name}" at byte offset ${begin}`);

    let argument = '';
    while (this.at(i) !== GT) {
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) === GT) break;
      const nameBegin = i;
      while (!isSpace(this.at(i)) && ![EQUALS, GT, SLASH, DOUBLE_QUOTE, SINGLE_QUOTE].includes(this.at(i)))
        i++;
      const attribute = this.slice(nameBegin, i);
      if (attribute === '') this.fail(`Empty attribute name in the tag "${name}" at byte offset ${begin}`);
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) !== EQUALS) {
        if (this.at(i) === 0) this.fail(`Unclosed start tag "${name}" at byte offset ${begin}`);
        if (name === 'blockquote' && attribute === 'expandable') argument = '1';
        continue;
      }
      i++;
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) === 0) this.fail(`Unclosed start tag "${name}" at byte offset ${begin}`);

      let value: string;
      if (this.at(i) !== DOUBLE_QUOTE && this.at(i) !== SINGLE_QUOTE) {
        // An unquoted value is an HTML name token: letters, digits, periods and hyphens, case-insensitive.
        const tokenBegin = i;
        while (isAlpha(this.at(i)) || isDigit(this.at(i)) || this.at(i) === 0x2e || this.at(i) === 0x2d) i++;
        value = asciiLower(this.slice(tokenBegin, i));
        if (!isSpace(this.at(i)) && this.at(i) !== GT) {
          this.fail(`Unexpected end of name token at byte offset ${tokenBegin}`);
        }
      } else {
        const quote = this.at(i++);
        value = '';
        let run = i;
        while (this.at(i) !== quote && this.at(i) !== 0) {
          if (this.at(i) === AMP) {
            const entity = this.decodeEntity(i);
            if (entity !== undefined) {
              value += this.slice(run, i) + String.fromCodePoint(entity.code);
              i = run = entity.end;
              continue;
            }
            this.refuseBareAmpersand(i);
          }
          i++;
        }
        value += this.slice(run, i);
        if (this.at(i) === quote) i++;
      }
      if (this.at(i) === 0) this.fail(`Unclosed start tag at byte offset ${begin}`);

      if (name === 'a' && attribute === 'href') argument = value;
      else if (name === 'code' && attribute === 'class' && value.startsWith('language-'))
        argument = value.slice(9);
      else if (name === 'span' && attribute === 'class' && value.startsWith('tg-')) argument = value.slice(3);
      else if (name === 'tg-emoji' && attribute === 'emoji-id') argument = value;
      else if (name === 'blockquote' && attribute === 'expandable') argument = '1';
    }
    if (name === 'span' && argument !== 'spoiler') {
      this.fail(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`);
    }
    this.open.push({ name, argument, offset: this.text.length });
    return i;
  }

  /** Parses `</name>` starting at `<`, closes the innermost open tag; returns the index of its `>`. */
  private endTag(begin: number): number {
    const tag = this.open.at(-1);
    if (tag === undefined) this.fail(`Unexpected end tag at byte offset ${begin}`);
    let i = begin + 2;
    while (!isSpace(this.at(i)) && this.at(i) !== GT) i++;
    const name = asciiLower(this.slice(begin + 2, i));
    while (isSpace(this.at(i)) && this.at(i) !== 0) i++;
    if (this.at(i) !== GT) this.fail(`Unclosed end tag at byte offset ${begin}`);
    // `</>` closes whatever is open, as in Telegram.
    if (name !== '' && name !== tag.name) {
      this.fail(`Unmatched end tag at byte offset ${begin}, expected "</${tag.name}>", found "</${name}>"`);
    }
    this.open.pop();
    // Telegram makes no entity of an empty element.
    if (this.text.length > tag.offset) this.addEntity(tag, this.text.length - tag.offset);
    return i;
  }

  private addEntity(tag: OpenTag, length: number): void {
    const { offset, argument } = tag;
    const last = this.entities.at(-1);
    const sameRange = last !== undefined && last.offset === offset && last.length === length;
    const simple = SIMPLE_ENTITY_TYPES[tag.name];
    if (simple !== undefined) {
      this.entities.push({ type: simple, offset, length } as MessageEntity);
    } else if (tag.name === 'tg-emoji') {
      if (!/^-?\d+$/.test(argument) || BigInt(argument) === 0n)
        this.fail('Invalid custom emoji identifier specified');
      this.entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: argument });
    } else if (tag.name === 'a') {
      // Without href the link is the text itself; a link Telegram refuses leaves plain text, no error.
      const url = checkTelegramUrl(argument === '' ? this.text.slice(offset) : argument);
      if (url !== undefined) this.entities.push({ type: 'text_link', offset, length, url });
    } else if (tag.name === 'pre') {
      // <pre><code class="language-x">…</code></pre> is one pre entity with a language.
      if (sameRange && last.type === 'code' && last.codeLanguage) {
        this.entities[this.entities.length - 1] = {
          type: 'pre',
          offset,
          length,
          language: last.codeLanguage,
        };
      } else {
        this.entities.push({ type: 'pre', offset, length });
      }
    } else if (tag.name === 'code') {
      if (sameRange && last.type === 'pre' && argument !== '') {
        this.entities[this.entities.length - 1] = { type: 'pre', offset, length, language: argument };
      } else {
        this.entities.push({ type: 'code', offset, length, ...(argument && { codeLanguage: argument }) });
      }
    } else if (tag.name === 'blockquote') {
      this.entities.push({ type: argument ? 'expandable_blockquote' : 'blockquote', offset, length });
    }
  }

  /** tdlib's decode_html_entity: `&lt; &gt; &amp; &quot; &#NN; &#xHH;`, the `;` being optional. */
  private decodeEntity(pos: number): { code: number; end: number } | undefined {
    let end = pos + 1;
    let code = 0;
    if (this.at(end) === HASH) {
      end++;
      if (this.at(end) === 0x78) {
        end++;
        while (isHexDigit(this.at(end)))
          code = code * 16 + Number.parseInt(String.fromCharCode(this.at(end++)), 16);
      } else {
        while (isDigit(this.at(end))) code = code * 10 + this.at(end++) - 0x30;
      }
      if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
    } else {
      while (isAlpha(this.at(end))) end++;
      const named = NAMED_ENTITIES[this.slice(pos + 1, end)];
      if (named === undefined) return undefined;
      code = named;
    }
    if (this.at(end) === SEMICOLON) return { code, end: end + 1 };
    if (this.strict) this.fail(`Character reference at byte offset ${pos} must end with ";"${STRICTER}`);
    return { code, end };
  }

  /** Telegram shows a `&` that starts no entity as is (even `&nbsp;`); strict mode refuses it. */
  private refuseBareAmpersand(pos: number): void {
    if (!this.strict) return;
    this.fail(
      `Unescaped "&" at byte offset ${pos}, write "&amp;" (only &lt; &gt; &amp; &quot; &#NN; &#xHH; are entities)${STRICTER}`,
    );
  }

  private flush(end: number): void {
    if (end > this.runStart) this.text += this.slice(this.runStart, end);
  }

  private at(i: number): number {
    return this.bytes[i] ?? 0;
  }

  private slice(from: number, to: number): string {
    return this.bytes.toString('utf8', from, to);
  }

  private fail(description: string): never {
    throw new HtmlParseError(description);
  }
}
