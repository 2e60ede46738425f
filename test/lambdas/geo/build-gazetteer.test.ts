import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { GAZETTEER_FILES } from '../../../lambdas/geo/files';
import { buildGazetteer } from '../../../scripts/build-gazetteer';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE_DIR = path.resolve(ROOT, 'data/sources/geo');
const DATA_DIR = path.join(ROOT, 'data/gazetteer');

const GENERATED = [
  GAZETTEER_FILES.postcodes.DE,
  GAZETTEER_FILES.places.DE,
  GAZETTEER_FILES.postcodes.NO,
  GAZETTEER_FILES.places.NO,
];

test('rebuilding from the sources in data/sources/geo reproduces the committed tables byte for byte', () => {
  if (!existsSync(SOURCE_DIR)) {
    throw new Error(
      `The gazetteer sources are missing: expected ${SOURCE_DIR} (they are part of the repository)`,
    );
  }
  const out = mkdtempSync(path.join(tmpdir(), 'gazetteer-build-'));
  try {
    const sizes = buildGazetteer({ sourceDir: SOURCE_DIR, outDir: out });
    expect(Object.keys(sizes).sort()).toEqual([...GENERATED].sort());
    for (const file of GENERATED) {
      const rebuilt = readFileSync(path.join(out, file), 'utf8');
      const committed = readFileSync(path.join(DATA_DIR, file), 'utf8');
      // Compare lengths first: a mismatch then reports a short message rather than a 300 KB diff.
      expect({ file, length: rebuilt.length }).toEqual({ file, length: committed.length });
      expect(rebuilt === committed).toBe(true);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('keeps the tables out of the code bundle: the lookup bundles to a few kilobytes besides zod', async () => {
  const result = await build({
    entryPoints: [path.join(ROOT, 'lambdas/geo/gazetteer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    write: false,
    external: ['zod'],
    logLevel: 'silent',
  });
  const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
  expect(bytes).toBeLessThan(20_000);
});
