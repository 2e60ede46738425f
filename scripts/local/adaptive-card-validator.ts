import type * as AdaptiveCardsModule from 'adaptivecards';

// The package's `main` is ES modules without file extensions, which Node cannot load; its UMD bundle can, and
// parsing and validating need no DOM (only rendering does).
const AdaptiveCards: typeof AdaptiveCardsModule = require('adaptivecards/dist/adaptivecards.js');

/** The newest card version Teams renders (desktop and web; mobile clients render 1.4 reliably). */
export const MAX_TEAMS_CARD_VERSION = '1.5';
/** Actions Teams shows in one ActionSet or a card's `actions` (its host config; the SDK's default is 5). */
export const MAX_TEAMS_ACTIONS = 6;

/** Properties the Adaptive Card schema requires, by element or action type. */
const REQUIRED: Record<string, readonly string[]> = {
  TextBlock: ['text'],
  RichTextBlock: ['inlines'],
  Image: ['url'],
  ImageSet: ['images'],
  Media: ['sources'],
  FactSet: ['facts'],
  Container: ['items'],
  ActionSet: ['actions'],
  Table: ['columns'],
  'Input.Text': ['id'],
  'Input.Number': ['id'],
  'Input.Date': ['id'],
  'Input.Time': ['id'],
  'Input.Toggle': ['id', 'title'],
  'Input.ChoiceSet': ['id', 'choices'],
  'Action.OpenUrl': ['url'],
  'Action.ShowCard': ['card'],
  'Action.ToggleVisibility': ['targetElements'],
  // Not required by the schema, but a button without a label cannot be pressed knowingly (stricter than Teams).
  'Action.Submit': ['title'],
  'Action.Execute': ['title'],
};

/** SDK validation events that do not make a card unusable. */
const HARMLESS_EVENTS = new Set([
  AdaptiveCards.ValidationEvent.Hint,
  AdaptiveCards.ValidationEvent.Deprecated,
  AdaptiveCards.ValidationEvent.RequiredInputsShouldHaveLabel,
  AdaptiveCards.ValidationEvent.RequiredInputsShouldHaveErrorMessage,
  // The structural walk below reports unknown types itself, because it knows whether a fallback is given.
  AdaptiveCards.ValidationEvent.UnknownElementType,
  AdaptiveCards.ValidationEvent.UnknownActionType,
]);

type Json = Record<string, unknown>;

/**
 * Checks an Adaptive Card the way Teams would treat it and returns what is wrong (empty: valid).
 * Two passes: a structural walk (version ≤ 1.5, element and action types known in the card's version unless a
 * `fallback` is given, required properties, facts with title and value), then Microsoft's `adaptivecards`
 * SDK parsing and validating the card for its declared version (property values such as `size: "huge"`,
 * properties newer than the version, duplicate ids, too many actions).
 */
export function validateAdaptiveCard(content: unknown): string[] {
  if (!isObject(content)) return ['The card content must be a JSON object'];
  const problems: string[] = [];
  if (content.type !== 'AdaptiveCard') problems.push('type must be "AdaptiveCard"');
  const version = parseVersion(content.version);
  if (version === undefined) {
    problems.push('version must be given as "major.minor", for example "1.4"');
    return problems;
  }
  if (compareVersions(version, MAX_TEAMS_CARD_VERSION) > 0) {
    problems.push(`version ${version} is newer than Teams renders (at most ${MAX_TEAMS_CARD_VERSION})`);
    return problems;
  }
  walkCard(content, '', version, problems);
  problems.push(...sdkProblems(content, version));
  return problems;
}

function walkCard(card: Json, path: string, version: string, problems: string[]): void {
  walkList(card.body, `${path}body`, 'element', version, problems, false);
  walkList(card.actions, `${path}actions`, 'action', version, problems, false);
}

function walkList(
  list: unknown,
  path: string,
  kind: 'element' | 'action',
  version: string,
  problems: string[],
  required: boolean,
): void {
  if (list === undefined && !required) return;
  if (!Array.isArray(list)) {
    problems.push(`${path} must be an array`);
    return;
  }
  for (const [i, item] of list.entries()) walkObject(item, `${path}[${i}]`, kind, version, problems);
}

function walkObject(
  item: unknown,
  path: string,
  kind: 'element' | 'action',
  version: string,
  problems: string[],
): void {
  if (!isObject(item) || typeof item.type !== 'string') {
    problems.push(`${path} must be an object with a "type"`);
    return;
  }
  const type = item.type;
  const registry =
    kind === 'element' ? AdaptiveCards.GlobalRegistry.elements : AdaptiveCards.GlobalRegistry.actions;
  const registration = registry.findByName(type);
  const since = registration?.schemaVersion.toString();
  if (since === undefined || compareVersions(since, version) > 0) {
    if (item.fallback !== undefined) {
      if (isObject(item.fallback)) walkObject(item.fallback, `${path}.fallback`, kind, version, problems);
      return;
    }
    problems.push(
      since === undefined
        ? `${path}: unknown ${kind} type "${type}"`
        : `${path}: ${type} needs card version ${since}, the card declares ${version}`,
    );
    return;
  }
  for (const name of REQUIRED[type] ?? []) {
    const value = item[name];
    if (value === undefined || value === null || value === '') {
      problems.push(`${path}: ${type} requires "${name}"`);
    }
  }
  walkChildren(item, path, version, problems);
}

function walkChildren(item: Json, path: string, version: string, problems: string[]): void {
  switch (item.type) {
    case 'Container':
      walkList(item.items, `${path}.items`, 'element', version, problems, true);
      break;
    case 'ColumnSet':
      if (item.columns !== undefined && !Array.isArray(item.columns))
        problems.push(`${path}.columns must be an array`);
      if (Array.isArray(item.columns)) {
        item.columns.forEach((column, i) => {
          const columnPath = `${path}.columns[${i}]`;
          if (!isObject(column) || (column.type !== undefined && column.type !== 'Column')) {
            problems.push(`${columnPath} must be a Column`);
            return;
          }
          walkList(column.items, `${columnPath}.items`, 'element', version, problems, false);
        });
      }
      break;
    case 'ActionSet':
      walkList(item.actions, `${path}.actions`, 'action', version, problems, true);
      break;
    case 'FactSet':
      if (Array.isArray(item.facts)) {
        item.facts.forEach((fact, i) => {
          if (!isObject(fact) || typeof fact.title !== 'string' || typeof fact.value !== 'string') {
            problems.push(`${path}.facts[${i}] needs a "title" and a "value" (strings)`);
          }
        });
      } else if (item.facts !== undefined) {
        problems.push(`${path}.facts must be an array`);
      }
      break;
    case 'Action.Submit':
      if (item.data !== undefined && typeof item.data !== 'string' && !isObject(item.data)) {
        problems.push(`${path}: Action.Submit "data" must be an object or a string`);
      }
      break;
    case 'Action.ShowCard':
      if (isObject(item.card)) walkCard(item.card, `${path}.card.`, version, problems);
      break;
  }
  if (isObject(item.selectAction))
    walkObject(item.selectAction, `${path}.selectAction`, 'action', version, problems);
}

function sdkProblems(content: Json, version: string): string[] {
  const target = AdaptiveCards.Version.parse(version, new AdaptiveCards.SerializationContext());
  const context = new AdaptiveCards.SerializationContext(target);
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig({ actions: { maxActions: MAX_TEAMS_ACTIONS } });
  card.parse(content, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  return events.filter((event) => !HARMLESS_EVENTS.has(event.event)).map((event) => event.message);
}

function parseVersion(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d+\.\d+$/.test(value) ? value : undefined;
}

/** Compares "1.4" and "1.10" numerically, part by part. */
function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
