/** Stable concern ids (docs/topics.md). Labels and synonyms live in the locale files. */
export const SECTORS = {
  health: ['diabetes', 'cancer', 'heart', 'chronic-pain', 'rheumatism', 'hiv', 'rare-disease', 'disability'],
  psychosocial: ['depression', 'anxiety', 'trauma', 'grief', 'stress', 'loneliness', 'eating-disorder'],
  addiction: ['alcohol', 'drugs', 'gambling', 'addiction-relatives'],
  family: ['caring-relatives', 'parenting', 'child-disability'],
  social: ['violence', 'migration', 'women', 'men', 'unemployment', 'lgbtq'],
} as const;

export type Sector = keyof typeof SECTORS;
export type TopicId = (typeof SECTORS)[Sector][number];

export const SECTOR_IDS = Object.keys(SECTORS) as Sector[];
export const TOPIC_IDS: readonly TopicId[] = SECTOR_IDS.flatMap((sector) => [...SECTORS[sector]]);

export function isTopicId(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}
