import type { Language } from './languages';
import type { Meeting } from './meetings';
import type { Sector, TopicId } from './topics';
import type { TextReader } from './understand/text-reader';

/** Countries whose directories the bot knows. */
export const COUNTRIES = ['DE', 'NO'] as const;
export type Country = (typeof COUNTRIES)[number];

/** A point on earth in WGS84 degrees. */
export interface Point {
  lat: number;
  lon: number;
}

/** A place the user told us: from a shared location, a postcode or a city name. */
export interface Place extends Point {
  country: Country;
  /** What to show the user: "20095 Hamburg", "Florø", or undefined for a shared location. */
  label?: string;
  postcode?: string;
}

/** What the dialog is waiting for. Commands and typed answers are accepted at every step. */
export const STEPS = [
  'language',
  'menu',
  'explain',
  'sector',
  'topic',
  'more-concerns',
  'location',
  'results',
  'no-match',
  'founding',
  'handoff-consent',
  'handoff-contact',
  'handoff-phone',
  'handoff-email',
  'handoff-time',
  'referral-organisation',
  'referral-city',
  'referral-language',
  'referral-confirm',
  'deleted',
] as const;
export type Step = (typeof STEPS)[number];

/**
 * The conversation state of one chat. Small and serialisable: it is stored as one DynamoDB item.
 * It holds no name, phone number or message text.
 */
export interface Session {
  lang: Language;
  /** True once the user picked a language or the channel told us one we speak. */
  langChosen: boolean;
  step: Step;
  explainPage: number;
  sector?: Sector;
  concerns: TopicId[];
  place?: Place;
  /** True when the user asked for online groups only. */
  onlineOnly: boolean;
  resultsOffset: number;
  /** Referral code the chat started with (a representative's link), if any. */
  referral?: string;
  country?: Country;
  /** How the user wants staff to reach them, while a handoff request is being put together. */
  handoffDraft?: { contactWay?: ContactWay; contactDetail?: string; urgent?: boolean };
  /** Topics the bot asked about ("did you mean …?") because the message only hinted at them. */
  guesses?: TopicId[];
  /** The user's latest handoff request, to show its status or withdraw it. */
  handoffId?: string;
  /** Languages the user said no to when the bot offered to switch; not offered again. */
  declinedLanguages?: Language[];
  /** A representative's request for a referral code, while it is being put together (an organisation's data). */
  referralDraft?: ReferralDraft;
  /** The code this chat asked for as a representative, so `/delete` can erase the chat from the request. */
  referralRequest?: string;
}

/** What a representative tells the bot about their organisation. */
export interface ReferralDraft {
  organisation?: string;
  /** The city or region as shown ("Dortmund", or the typed text when the gazetteer does not know it). */
  region?: string;
  country?: Country;
  language?: Language;
}

/**
 * The name of the channel a message came from ('telegram', 'teams', …): kept with requests so staff see where
 * a person wrote from. The dialog does not branch on it; what a channel can do comes with the turn's context.
 */
export type ChannelName = string;

/** What the user did. Channels map their payloads to these. */
export type InboundEvent =
  | { kind: 'text'; text: string }
  | { kind: 'button'; id: string }
  | { kind: 'location'; lat: number; lon: number }
  | { kind: 'command'; name: CommandName; payload?: string };

export const COMMANDS = ['start', 'language', 'find', 'help', 'privacy', 'delete', 'representative'] as const;
export type CommandName = (typeof COMMANDS)[number];
/** The commands in the channel's menu: `/representative` is for organisations, who are told about it directly. */
export const MENU_COMMANDS = COMMANDS.filter((command) => command !== 'representative');

/**
 * A parameter of a localized text: plain values are escaped by renderers; `{ key }` is translated first;
 * `{ list }` is joined the way the language joins lists ("Diabetes, Stress").
 */
export type TextParam =
  | string
  | number
  | { key: string; params?: Record<string, TextParam> }
  | { list: TextParam[] };

/**
 * A localized text: a key in locales/<lang>/translation.json with parameters (in `lang` when given, else in the
 * user's language), or a text shown as it is.
 */
export type Text = { key: string; params?: Record<string, TextParam>; lang?: Language } | { raw: string };

/** A button. `id` travels back as the button event (at most 64 bytes, Telegram's callback_data limit). */
export interface Button {
  id: string;
  label: Text;
}

/** A group as the user sees it in a result list or detail view. */
export interface GroupView {
  id: string;
  name: string;
  topics: TopicId[];
  languages: string[];
  country: Country;
  city?: string;
  postcode?: string;
  online: boolean;
  /** The contact point's own words about when the group meets. */
  schedule?: string;
  /** When the group meets, as data (shown in the person's language). */
  meeting?: Meeting;
  description?: string;
  accessible?: boolean;
  womenOnly?: boolean;
  contactPoint?: ContactPointView;
  /** Kilometres from the user's place, rounded; absent for online groups or without a place. */
  distanceKm?: number;
}

/** A self-help contact point (Selbsthilfe-Kontaktstelle, Selvhjelp Norge office). */
export interface ContactPointView {
  id: string;
  name: string;
  country: Country;
  city?: string;
  postcode?: string;
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  openingHours?: string;
  distanceKm?: number;
}

/** What the bot says. Renderers turn these into Telegram HTML or Teams Adaptive Cards. */
export type OutboundMessage =
  | {
      kind: 'text';
      text: Text | Text[];
      /** Inline buttons, row by row. */
      buttons?: Button[][];
      /** Ask the channel to offer a "share my location" button (Telegram reply keyboard). */
      requestLocation?: boolean;
      /** The place is known: the channel may take away its "share my location" button. */
      closeLocationRequest?: boolean;
    }
  /** A page of search results: the renderer numbers them; `buttons` follow the list. */
  | { kind: 'group-list'; intro: Text; groups: GroupView[]; buttons?: Button[][] }
  /** One group in full (the detail view). */
  | { kind: 'group'; group: GroupView; buttons?: Button[][] }
  | { kind: 'contact-point'; contactPoint: ContactPointView; buttons?: Button[][] }
  /**
   * Emergency numbers of these countries: one when the user's country is known; both (each under the
   * country's name) before it is, since a wrong country's number can reach the wrong service.
   */
  | { kind: 'emergency'; countries: Country[] };

/** A search request: the user's concerns, place and languages. */
export interface GroupQuery {
  topics: TopicId[];
  /** Languages in order of preference: the user's own language first. */
  languages: Language[];
  place?: Place;
  /** The user's country when known (their place, or their language): online groups are offered only there. */
  country?: Country;
  onlineOnly: boolean;
  offset: number;
  limit: number;
}

export interface GroupSearchResult {
  groups: GroupView[];
  /** How many groups the search found in all (all pages). */
  total: number;
  /** True when more groups follow after this page. */
  hasMore: boolean;
  /** True when no group was near and the search looked further away. */
  widened: boolean;
}

/** Port: the group directory. */
export interface Directory {
  search(query: GroupQuery): Promise<GroupSearchResult>;
  group(id: string): Promise<GroupView | undefined>;
  nearestContactPoint(place: Place | undefined, country: Country): Promise<ContactPointView | undefined>;
}

/** Port: postcodes and place names to coordinates. */
export interface Gazetteer {
  /** A German (5 digits) or Norwegian (4 digits) postcode; undefined when unknown. */
  postcode(code: string, countryHint?: Country): Place | undefined;
  /** A typed place name, matched tolerantly ("hamburg-altona", "Дрезден", "هامبورغ"). */
  place(name: string): Place | undefined;
}

/** Port: wishes to found a new group (stored for staff and volunteers who help groups start). */
export interface FoundingInterests {
  register(interest: {
    topics: TopicId[];
    place?: Place;
    language: Language;
    at: string;
    /** See {@link TurnContext.effectKey}: the same wish is stored once. */
    effectKey?: string;
  }): Promise<void>;
}

/** A representative's request for a referral code, as confirmed in the chat. */
export interface NewReferral {
  organisation: string;
  region: string;
  country?: Country;
  language: Language;
  /** The representative's own language in the chat, for the answer (may differ from the link's language). */
  chatLanguage: Language;
  channel: ChannelName;
  /** Where the link goes once staff approve; erased after delivery, a decline or the representative's /delete. */
  chatKey: string;
  /** How the channel reaches this chat later (Teams: the conversation reference); personal like the chat key. */
  address?: Record<string, unknown>;
  /** See {@link TurnContext.effectKey}. */
  effectKey?: string;
  at: string;
}

/** What is counted per referral code and week: numbers only, nothing about the person. */
export const REFERRAL_METRICS = ['starts', 'searches', 'groupsShown', 'handoffs'] as const;
export type ReferralMetric = (typeof REFERRAL_METRICS)[number];
export type ReferralCounts = Partial<Record<ReferralMetric, number>>;

/** Port: referral codes from representatives' links. */
export interface Referrals {
  /** The organisation behind an active code, or undefined for unknown, pending, declined or revoked codes. */
  resolve(code: string): Promise<{ organisation: string; language?: Language } | undefined>;
  /** Stores a request for a new code (pending until staff decide) and returns the code. */
  /** Stores the request, or refuses it when the chat has sent the most a day allows. */
  request(referral: NewReferral): Promise<{ code: string } | { refused: 'daily-limit' }>;
  /** Adds to the code's counts of the week of `at` (one write, no personal data). */
  count(code: string, counts: ReferralCounts, at: string): Promise<void>;
  /** Erases the chat from the code's request (the representative deleted their data). */
  forget(code: string, chatKey: string): Promise<void>;
}

/** How staff may reach a user who asked for a person. */
export const CONTACT_WAYS = ['chat', 'phone', 'email'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];
export type GoodTime = 'any' | 'morning' | 'afternoon' | 'evening';
export type HandoffStatus = 'open' | 'claimed' | 'resolved' | 'withdrawn';

/** A request to talk to a person, as the user gave it after consenting. */
export interface NewHandoff {
  channel: ChannelName;
  /** Where staff answers go (the chat); erased with the request's personal fields. */
  chatKey: string;
  language: Language;
  topics: TopicId[];
  country: Country;
  /**
   * How `country` was chosen when the user gave no place: from the language they write (`language`: de → DE,
   * nb/nn → NO), or not at all (`none`: DE, and the staff card says that the country is unknown). Absent when
   * the place tells it.
   */
  countryGuess?: 'language' | 'none';
  /** Coarse: a postcode and town, never an address or coordinates. */
  region?: string;
  /** The contact point responsible for the person's place: its staff channel gets the request. */
  contactPointId?: string;
  contactWay: ContactWay;
  /** The phone number or e-mail address, when the user chose that way. */
  contactDetail?: string;
  goodTime: GoodTime;
  /** Asked for from the crisis answer (the person wrote of danger): staff see it marked urgent. */
  urgent?: boolean;
  /** See {@link TurnContext.effectKey}. */
  effectKey?: string;
  at: string;
}

/** Why a request was not filed: the chat has one open already, or has filed the most a day allows. */
export type RequestRefusal = { refused: 'open'; id: string } | { refused: 'daily-limit' };

export interface HandoffView {
  id: string;
  status: HandoffStatus;
}

/** Port: handoff requests to staff of contact points. Stored durably before the user is told. */
export interface Handoffs {
  /** Files the request, or refuses it: one open request per chat, and a few a day at most. */
  create(request: NewHandoff): Promise<HandoffView | RequestRefusal>;
  get(id: string): Promise<HandoffView | undefined>;
  /** Withdraws an open request and erases its personal fields (contact detail, chat key). */
  withdraw(id: string, at: string): Promise<void>;
}

/** Everything a turn may reach outside itself. */
export interface DialogPorts {
  directory: Directory;
  gazetteer: Gazetteer;
  foundingInterests: FoundingInterests;
  referrals: Referrals;
  handoffs: Handoffs;
  clock: () => Date;
  /** Reads typed text with each language's word lists (loaded outside the dialog: lambdas/i18n). */
  reader: TextReader;
}

/** What the channel knows about the user before the first turn. */
export interface TurnContext {
  channel: ChannelName;
  /** The channel lets the user share a location with a button (Telegram); elsewhere places are typed. */
  sharesLocation?: boolean;
  /** The channel's key of this chat (opaque to the dialog): staff answers to a handoff go back to it. */
  chatKey?: string;
  /** Telegram `language_code` or Teams `locale`. */
  languageTag?: string;
  /**
   * How to reach this chat later, where the chat key is not enough (Teams: the conversation reference without
   * the user). Opaque to the dialog; stored only with a representative's request.
   */
  address?: Record<string, unknown>;
  /**
   * An opaque key of this event in this chat. Stores derive the ids of what a turn writes from it, so a turn
   * that runs twice for one event (its save conflicted or failed) writes each effect once.
   */
  effectKey?: string;
}

/** The outcome of one turn. `session: null` means: erase everything stored about this chat. */
export interface TurnResult {
  session: Session | null;
  /** The language to render `messages` in (also after `/delete`, when no session is left). */
  lang: Language;
  messages: OutboundMessage[];
  /** What to add to the counts of the chat's referral code, written after the turn is saved. */
  referralCounts?: { code: string; counts: ReferralCounts };
  /** The id of the handoff request this turn created, if it did. */
  handoffCreated?: string;
}
