import type { InboundEvent, OutboundMessage, TurnContext } from '../../dialogs/types';
import { renderForTeams } from '../../lambdas/teams/render';
import { renderForTelegram } from '../../lambdas/telegram/render';
import { runChat } from '../support/dialog-chat';
import { memoryPorts } from '../support/memory-ports';

const DANGER: InboundEvent = { kind: 'text', text: 'I want to kill myself' };

/** The emergency message of a chat that went through `events` and then wrote a sentence of danger. */
async function emergencyAfter(
  languageTag: string,
  events: InboundEvent[],
): Promise<OutboundMessage | undefined> {
  const context: TurnContext = { channel: 'telegram', sharesLocation: true, languageTag };
  const start: InboundEvent = { kind: 'command', name: 'start' };
  const { messages } = await runChat([start, ...events, DANGER], context, memoryPorts());
  return messages.find((message) => message.kind === 'emergency');
}

describe('which emergency numbers a person in danger gets', () => {
  test('the numbers of the country of the postcode they gave', async () => {
    const norway = await emergencyAfter('ar', [
      { kind: 'text', text: 'Diabetes' },
      { kind: 'text', text: '6900' },
    ]);
    expect(norway).toEqual({ kind: 'emergency', countries: ['NO'] });
    const germany = await emergencyAfter('ar', [
      { kind: 'text', text: 'Diabetes' },
      { kind: 'text', text: '20095' },
    ]);
    expect(germany).toEqual({ kind: 'emergency', countries: ['DE'] });
  });

  test('Norway’s numbers for someone who writes Norwegian and has not said where they live', async () => {
    expect(await emergencyAfter('nb', [])).toEqual({ kind: 'emergency', countries: ['NO'] });
  });

  test('both countries’ numbers when nothing tells the country yet', async () => {
    expect(await emergencyAfter('ar', [])).toEqual({ kind: 'emergency', countries: ['DE', 'NO'] });
  });
});

describe('emergency numbers of both countries', () => {
  const both: OutboundMessage = { kind: 'emergency', countries: ['DE', 'NO'] };

  test('on Telegram stand under the country names in the user’s language', () => {
    const [message] = renderForTelegram([both], 'ar');
    const html = message?.html ?? '';
    expect(html).toContain('🇩🇪 ألمانيا');
    expect(html).toContain('🇳🇴 النرويج');
    // Norway's medical number comes under Norway, Germany's crisis line under Germany.
    expect(html.indexOf('113')).toBeGreaterThan(html.indexOf('🇳🇴'));
    expect(html.indexOf('0800 111 0 111')).toBeLessThan(html.indexOf('🇳🇴'));
  });

  test('on Teams stand under the country names in the user’s language', () => {
    const card = JSON.stringify(renderForTeams([both], 'uk'));
    expect(card).toContain('🇩🇪 Німеччина');
    expect(card).toContain('🇳🇴 Норвегія');
  });

  test('a single country gets no heading', () => {
    const [message] = renderForTelegram([{ kind: 'emergency', countries: ['DE'] }], 'en');
    expect(message?.html).not.toContain('🇩🇪');
  });
});
