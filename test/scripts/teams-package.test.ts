import { crc32, inflateRawSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { buildTeamsPackage, PLACEHOLDER_APP_ID, TEAMS_LANGUAGES } from '../../scripts/teams-package';

/** Reads a zip's files through its central directory, checking each file's CRC. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const content = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    expect(crc32(content)).toBe(crc);
    files.set(name, content);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

const APP_ID = '3f9b2c61-7d4e-4a85-9c0f-6b1e8d2a7f53';

describe('the Teams app package', () => {
  test('holds a manifest 1.17 for the bot in personal chats and teams, with localized names and descriptions', () => {
    const { zip } = buildTeamsPackage({ env: { MICROSOFT_APP_ID: APP_ID }, warn: () => {} });
    const files = unzip(zip);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
    expect(manifest).toMatchObject({
      manifestVersion: '1.17',
      id: APP_ID,
      name: { short: 'Self-help finder' },
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: APP_ID, scopes: ['personal', 'team'] }],
      localizationInfo: { defaultLanguageTag: 'en' },
    });
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    const languages = manifest.localizationInfo.additionalLanguages;
    expect(languages.map((entry: { languageTag: string }) => entry.languageTag)).toEqual([
      ...TEAMS_LANGUAGES,
    ]);
    for (const { file } of languages as { file: string }[]) {
      const texts = JSON.parse(files.get(file)?.toString('utf8') ?? '{}');
      expect(texts['name.short'].length).toBeLessThanOrEqual(30);
      expect(texts['description.short'].length).toBeLessThanOrEqual(80);
      expect(texts['description.full'].length).toBeGreaterThan(0);
    }
    expect(JSON.parse(files.get('de.json')?.toString('utf8') ?? '{}')['name.short']).toBe(
      'Selbsthilfe-Finder',
    );
  });

  test('has a 192 × 192 colour icon and a 32 × 32 outline icon of white on transparent only', () => {
    const files = unzip(buildTeamsPackage({ env: { MICROSOFT_APP_ID: APP_ID }, warn: () => {} }).zip);
    const color = PNG.sync.read(files.get('color.png') ?? Buffer.alloc(0));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(files.get('outline.png') ?? Buffer.alloc(0));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => outline.data.subarray(i * 4, i * 4 + 4));
    expect(pixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(pixels.some(([, , , a]) => a === 255)).toBe(true);
  });

  test('warns clearly and uses a placeholder id when MICROSOFT_APP_ID is not set', () => {
    const warnings: string[] = [];
    const { files } = buildTeamsPackage({ env: {}, warn: (message) => warnings.push(message) });
    expect(JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}').id).toBe(PLACEHOLDER_APP_ID);
    expect(warnings[0]).toMatch(/MICROSOFT_APP_ID is not set/);
  });
});
