/**
 * The part of the Adaptive Card schema the bot sends, typed, and small builders for it.
 *
 * Version 1.4: Teams desktop, web and mobile render it (1.5 is desktop-first), and it already has everything
 * used here: ActionSet (1.2) and Action.Submit. No `rtl` (a 1.5 property): Teams lays out right-to-left text
 * itself, and renderText wraps mixed-direction values in Unicode isolates.
 */

/** The attachment content type of an Adaptive Card in a Bot Framework activity. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_VERSION = '1.4';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';

export interface TextBlock {
  type: 'TextBlock';
  /** Adaptive Card markdown: escape values with TEAMS_CARD_TEXT. */
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large';
  color?: 'Accent' | 'Attention';
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: Spacing;
}

export interface Column {
  type: 'Column';
  width: 'auto' | 'stretch';
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  separator?: boolean;
  spacing?: Spacing;
}

/**
 * A button that posts `data` back to the bot as the `value` of a message activity. Teams also offers
 * `msteams.messageBack`, but plain `data` works in every Teams client and in other Bot Framework channels.
 */
export interface SubmitAction {
  type: 'Action.Submit';
  /** Plain text: Teams does not apply markdown to button titles. */
  title: string;
  data: { button: string };
}

export interface ActionSet {
  type: 'ActionSet';
  actions: SubmitAction[];
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof SCHEMA;
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
}

/** The activity attachment that carries a card. */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

export function adaptiveCard(body: CardElement[]): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: ADAPTIVE_CARD_VERSION, body };
}

export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

export function textBlock(text: string, style: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...style };
}

/** Facts shown as two aligned columns: titles and values. */
export function factSet(facts: Fact[]): FactSet {
  return { type: 'FactSet', facts };
}

export function submitAction(title: string, buttonId: string): SubmitAction {
  return { type: 'Action.Submit', title, data: { button: buttonId } };
}
