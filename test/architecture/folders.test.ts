import fs from 'node:fs';
import path from 'node:path';

/**
 * The folders of lambdas/ and dialogs/ depend on each other in one direction only: Biome's noImportCycles
 * catches cycles between files, this catches a folder that imports one that imports it back (e.g. staff ↔
 * teams), which makes the next channel or store harder to add.
 */
const ROOT = path.join(__dirname, '..', '..');
const SOURCES = ['lambdas', 'dialogs'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `lambdas/staff`, `dialogs/flows`; a file directly in lambdas/ or dialogs/ stands for itself (`dialogs/types.ts`). */
function folderOf(file: string): string {
  const parts = path.relative(ROOT, file).split(path.sep);
  return parts.slice(0, 2).join('/');
}

function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of SOURCES.flatMap((dir) => tsFiles(path.join(ROOT, dir)))) {
    const source = fs.readFileSync(file, 'utf8');
    // Type-only imports count too: they tie the folders' designs together just the same.
    for (const [, spec] of source.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), spec ?? '');
      const from = folderOf(file);
      const to = folderOf(fs.existsSync(`${target}.ts`) ? `${target}.ts` : target);
      if (from === to || !SOURCES.some((dir) => to.startsWith(dir))) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)?.add(to);
    }
  }
  return graph;
}

test('no folder of lambdas/ or dialogs/ imports a folder that imports it back', () => {
  const graph = folderImports();
  const cycles: string[] = [];
  for (const [from, targets] of graph)
    for (const to of targets) if (from < to && graph.get(to)?.has(from)) cycles.push(`${from} ↔ ${to}`);
  expect(cycles).toEqual([]);
});

test('dialogs/ imports nothing outside dialogs/', () => {
  const outside = [...folderImports()]
    .filter(([from]) => from.startsWith('dialogs'))
    .flatMap(([from, targets]) =>
      [...targets].filter((to) => !to.startsWith('dialogs')).map((to) => `${from} → ${to}`),
    );
  expect(outside).toEqual([]);
});
