import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { EMERGENCY_NUMBERS } from '../../dialogs/emergency-numbers';
import type { Language } from '../../dialogs/languages';
import type { Button, OutboundMessage, Text } from '../../dialogs/types';
import { directedLines, isolate } from '../i18n/translator';
import {
  contactPointLines,
  countryHeading,
  groupDetailLines,
  groupDistanceLine,
  groupLanguagesLine,
  groupMeetingLine,
  groupPlaceLine,
  textRenderer,
} from '../render/group-lines';
import { mergePlainTexts } from '../render/merge-texts';
import { escapeHtml, splitHtml, TELEGRAM_HTML } from '../render/telegram-html';

/** One Bot API `sendMessage` call: HTML text and an optional keyboard. */
export interface TelegramMessage {
  html: string;
  replyMarkup?: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;
}

/** Renders the dialog's messages as Telegram HTML messages, split under 4096 characters. */
export function renderForTelegram(messages: OutboundMessage[], lang: Language): TelegramMessage[] {
  const t = textRenderer(lang, TELEGRAM_HTML);
  const rendered: TelegramMessage[] = [];
  for (const message of mergePlainTexts(messages)) {
    const { html, buttons, requestLocation, closeLocationRequest } = renderOne(message, lang);
    const parts = splitHtml(directedLines(html, lang));
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const replyMarkup = !last
        ? undefined
        : requestLocation
          ? locationKeyboard(t({ key: 'location.shareButton' }))
          : buttons && buttons.length > 0
            ? inlineKeyboard(buttons, t)
            : closeLocationRequest
              ? { remove_keyboard: true as const }
              : undefined;
      rendered.push(replyMarkup ? { html: part, replyMarkup } : { html: part });
    });
  }
  return rendered;
}

function renderOne(
  message: OutboundMessage,
  lang: Language,
): { html: string; buttons?: Button[][]; requestLocation?: boolean; closeLocationRequest?: boolean } {
  const t = textRenderer(lang, TELEGRAM_HTML);
  switch (message.kind) {
    case 'text': {
      const texts: Text[] = Array.isArray(message.text) ? message.text : [message.text];
      return {
        html: texts.map(t).join('\n\n'),
        ...(message.buttons ? { buttons: message.buttons } : {}),
        ...(message.requestLocation ? { requestLocation: true } : {}),
        ...(message.closeLocationRequest ? { closeLocationRequest: true } : {}),
      };
    }
    case 'group-list': {
      const entries = message.groups.map((group, i) =>
        [
          `${i + 1}. <b>${isolate(escapeHtml(oneLine(group.name)), lang)}</b>`,
          groupPlaceLine(group, lang, TELEGRAM_HTML),
          groupDistanceLine(group, lang, TELEGRAM_HTML),
          groupMeetingLine(group, lang, TELEGRAM_HTML),
          groupLanguagesLine(group, lang, TELEGRAM_HTML),
        ]
          .filter(Boolean)
          .join('\n'),
      );
      const html = [
        `<b>${t(message.intro)}</b>`,
        ...entries,
        `<i>${t({ key: 'results.whatNext' })}</i>`,
      ].join('\n\n');
      return { html, ...(message.buttons ? { buttons: message.buttons } : {}) };
    }
    case 'group': {
      const { group } = message;
      const lines = [
        `<b>${isolate(escapeHtml(oneLine(group.name)), lang)}</b>`,
        ...groupDetailLines(group, lang, TELEGRAM_HTML),
      ];
      if (group.contactPoint) {
        lines.push('', t({ key: 'group.contact', params: { name: group.contactPoint.name } }));
        lines.push(...contactPointLines(group.contactPoint, lang, TELEGRAM_HTML));
      }
      // A group with nothing to show (no details, no contact point) still gets a message Telegram accepts.
      if (lines.length === 1) lines.push(t({ key: 'group.noDetails' }));
      return { html: lines.join('\n'), ...(message.buttons ? { buttons: message.buttons } : {}) };
    }
    case 'contact-point': {
      const cp = message.contactPoint;
      const html = [
        `<b>${isolate(escapeHtml(oneLine(cp.name)), lang)}</b>`,
        ...contactPointLines(cp, lang, TELEGRAM_HTML),
      ].join('\n');
      return { html, ...(message.buttons ? { buttons: message.buttons } : {}) };
    }
    case 'emergency': {
      const blocks = message.countries.map((country) => {
        const lines = EMERGENCY_NUMBERS[country].map(
          (line) => `📞 ${t({ key: line.key, params: { number: line.number } })}`,
        );
        const heading =
          message.countries.length > 1 ? [`<b>${escapeHtml(countryHeading(country, lang))}</b>`] : [];
        return [...heading, ...lines].join('\n');
      });
      return { html: [`<b>${t({ key: 'emergency.intro' })}</b>`, ...blocks].join('\n\n') };
    }
  }
}

function inlineKeyboard(buttons: Button[][], t: (text: Text) => string): InlineKeyboardMarkup {
  return {
    inline_keyboard: buttons.map((row) =>
      // Button labels are plain text in Telegram: no HTML escaping.
      row.map((b) => ({ text: unescapeHtml(t(b.label)), callback_data: b.id })),
    ),
  };
}

function locationKeyboard(label: string): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: unescapeHtml(label), request_location: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

function unescapeHtml(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Names and schedules on one line: a line break inside `<b>…</b>` could be where a long message is split. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
