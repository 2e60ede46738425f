import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { PNG } from 'pngjs';
import * as z from 'zod';

/**
 * `npm run teams:package`: builds `dist/teams-app.zip`, the Teams app package to upload in Teams (Apps →
 * Manage your apps → Upload an app) or in the Teams admin center:
 * - `manifest.json` (schema 1.17): the bot (`MICROSOFT_APP_ID`) in personal chats and teams, English texts, and
 *   `localizationInfo` pointing at one `<lang>.json` per language Teams shows apps in;
 * - `color.png` (192 × 192) and `outline.png` (32 × 32, white on transparent), drawn here.
 * The texts come from `locales/<lang>/translation.json` (`channel.name`, `channel.shortDescription`,
 * `channel.description`). Without `MICROSOFT_APP_ID` a placeholder GUID is used and a warning printed.
 */

export const MANIFEST_VERSION = '1.17';
const SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
const LOCALIZATION_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;
/** Used when no app id is configured: the package is then only good for looking at. */
export const PLACEHOLDER_APP_ID = '00000000-0000-4000-8000-000000000000';
/**
 * The bot's languages that Teams offers as client languages (other languages, such as Dari, Pashto, Sorani,
 * Kurmanji, Tigrinya and Somali, are not Teams display languages: their users see the English texts).
 */
export const TEAMS_LANGUAGES = ['de', 'ar', 'fa', 'fr', 'nb', 'nn', 'ru', 'tr', 'uk'] as const;
/** Teams' limits on the texts (manifest schema). */
export const TEAMS_TEXT_LIMITS = {
  shortName: 30,
  fullName: 100,
  shortDescription: 80,
  fullDescription: 4000,
} as const;

const EnvSchema = z.object({
  MICROSOFT_APP_ID: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')
    .optional()
    .or(z.literal('')),
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .default('1.0.0'),
  TEAMS_DEVELOPER_NAME: z.string().min(1).max(32).default('Self-help finder project'),
  TEAMS_WEBSITE_URL: z.url({ protocol: /^https$/ }).default('https://github.com/'),
  TEAMS_PRIVACY_URL: z.url({ protocol: /^https$/ }).default('https://github.com/'),
  TEAMS_TERMS_URL: z.url({ protocol: /^https$/ }).default('https://github.com/'),
});

const ChannelTextsSchema = z.object({
  name: z.string().min(1),
  shortDescription: z.string().min(1),
  description: z.string().min(1),
});
type ChannelTexts = z.infer<typeof ChannelTextsSchema>;

export interface PackageOptions {
  env?: NodeJS.ProcessEnv;
  /** Where `locales/` is; default the project's. */
  localesDir?: string;
  warn?: (message: string) => void;
}

/** The package's files (name → content) and the zip of them. */
export function buildTeamsPackage(options: PackageOptions = {}): { files: Map<string, Buffer>; zip: Buffer } {
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  const env = EnvSchema.parse(options.env ?? process.env);
  const localesDir = options.localesDir ?? join(__dirname, '..', 'locales');
  let appId = env.MICROSOFT_APP_ID ?? '';
  if (appId === '') {
    warn(
      `MICROSOFT_APP_ID is not set: the manifest uses the placeholder ${PLACEHOLDER_APP_ID}, which Teams will ` +
        'not connect to any bot. Set it to the "Microsoft App ID" of the Azure bot and build again.',
    );
    appId = PLACEHOLDER_APP_ID;
  }
  const english = readTexts(localesDir, 'en');
  const files = new Map<string, Buffer>();
  const localized = TEAMS_LANGUAGES.filter((lang) => {
    try {
      const texts = fitted(readTexts(localesDir, lang), lang, warn);
      files.set(`${lang}.json`, json(localizationFile(texts)));
      return true;
    } catch {
      warn(`No channel texts for ${lang}; Teams will show the English ones.`);
      return false;
    }
  });
  const texts = fitted(english, 'en', warn);
  const manifest = {
    $schema: SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: env.TEAMS_APP_VERSION,
    id: appId,
    developer: {
      name: env.TEAMS_DEVELOPER_NAME,
      websiteUrl: env.TEAMS_WEBSITE_URL,
      privacyUrl: env.TEAMS_PRIVACY_URL,
      termsOfUseUrl: env.TEAMS_TERMS_URL,
    },
    name: { short: texts.name, full: texts.name },
    description: { short: texts.shortDescription, full: texts.description },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#2E7D6B',
    bots: [
      {
        botId: appId,
        scopes: ['personal', 'team'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal'],
            commands: [
              { title: 'start', description: 'Start again' },
              { title: 'find', description: 'Find a self-help group' },
              { title: 'language', description: 'Change the language' },
              { title: 'help', description: 'How I work' },
              { title: 'privacy', description: 'What I store about you' },
              { title: 'delete', description: 'Delete your data' },
            ],
          },
          {
            scopes: ['team'],
            commands: [
              { title: 'open', description: 'List the open requests' },
              { title: 'referrals', description: 'Counts of the referral links, this and last week' },
            ],
          },
        ],
      },
    ],
    // Staff answer in a card's thread without @mentioning the bot: it may read channel messages of teams it is
    // installed in (resource-specific consent, granted by the team owner on installation).
    authorization: {
      permissions: {
        resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }],
      },
    },
    validDomains: [],
    localizationInfo: {
      defaultLanguageTag: 'en',
      additionalLanguages: localized.map((lang) => ({ languageTag: lang, file: `${lang}.json` })),
    },
  };
  files.set('manifest.json', json(manifest));
  files.set('color.png', colorIcon());
  files.set('outline.png', outlineIcon());
  return { files, zip: zipFiles(files) };
}

function readTexts(localesDir: string, lang: string): ChannelTexts {
  const translation = JSON.parse(readFileSync(join(localesDir, lang, 'translation.json'), 'utf8'));
  return ChannelTextsSchema.parse(translation.channel);
}

function localizationFile(texts: ChannelTexts): Record<string, string> {
  return {
    $schema: LOCALIZATION_SCHEMA,
    'name.short': texts.name,
    'name.full': texts.name,
    'description.short': texts.shortDescription,
    'description.full': texts.description,
  };
}

/** The texts within Teams' limits: a long short description keeps its first sentence, or is cut at a word. */
function fitted(texts: ChannelTexts, lang: string, warn: (message: string) => void): ChannelTexts {
  const cut = (text: string, limit: number, what: string) => {
    if (text.length <= limit) return text;
    warn(`${lang}: channel.${what} has ${text.length} characters, Teams allows ${limit}; shortened.`);
    const sentence = text.slice(0, limit).match(/^.*[.!?。؟]/u)?.[0];
    if (sentence && sentence.length >= limit / 2) return sentence;
    const words = text.slice(0, limit - 1).replace(/\s+\S*$/u, '');
    return `${words}…`;
  };
  return {
    name: cut(texts.name, TEAMS_TEXT_LIMITS.shortName, 'name'),
    shortDescription: cut(texts.shortDescription, TEAMS_TEXT_LIMITS.shortDescription, 'shortDescription'),
    description: cut(texts.description, TEAMS_TEXT_LIMITS.fullDescription, 'description'),
  };
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

// --- Icons: two people side by side (a group), drawn with signed distances so the edges are smooth.

type Paint = (x: number, y: number) => number;

/** Coverage of a disc at (cx, cy) with radius r, anti-aliased over one pixel. */
function disc(cx: number, cy: number, r: number): Paint {
  return (x, y) => clamp(r - Math.hypot(x - cx, y - cy) + 0.5);
}

/** Coverage of a person: a head and shoulders (the top half of a disc), at centre x, size s. */
function person(cx: number, top: number, s: number): Paint {
  const head = disc(cx, top + s * 0.22, s * 0.2);
  const body = disc(cx, top + s * 0.95, s * 0.42);
  return (x, y) => Math.max(head(x, y), y <= top + s * 0.95 ? body(x, y) : 0);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function draw(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

function people(size: number): Paint {
  const s = size * 0.42;
  const left = person(size * 0.36, size * 0.2, s);
  const right = person(size * 0.64, size * 0.2, s);
  const front = person(size * 0.5, size * 0.3, s * 1.1);
  const mask = disc(size / 2, size / 2, size * 0.42);
  return (x, y) => Math.min(mask(x, y), Math.max(left(x, y) * 0.75, right(x, y) * 0.75, front(x, y)));
}

/** The full-colour icon: white people on the accent colour, 192 × 192. */
export function colorIcon(): Buffer {
  const figure = people(192);
  return draw(192, (x, y) => {
    const f = figure(x, y);
    const mix = (bg: number) => Math.round(bg + (255 - bg) * f);
    return [mix(0x2e), mix(0x7d), mix(0x6b), 255];
  });
}

/** The outline icon: white on transparent only, 32 × 32, as Teams requires. */
export function outlineIcon(): Buffer {
  const figure = people(32);
  return draw(32, (x, y) => [255, 255, 255, Math.round(255 * figure(x, y))]);
}

// --- A minimal zip writer (deflate, no extra fields): enough for Teams, no dependency.

/** Zips the files (deflated) into one archive. */
export function zipFiles(files: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 1 January 2026, 00:00 in DOS format: fixed, so the same input gives the same zip.
  const dosTime = 0;
  const dosDate = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = deflateRawSync(content);
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function main(): void {
  const { files, zip } = buildTeamsPackage();
  const dist = join(__dirname, '..', 'dist');
  mkdirSync(dist, { recursive: true });
  const target = join(dist, 'teams-app.zip');
  writeFileSync(target, zip);
  console.log(`Built ${target} (${zip.length} bytes): ${[...files.keys()].join(', ')}`);
}

if (require.main === module) main();
