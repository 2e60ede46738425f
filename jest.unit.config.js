/**
 * `npm run test:unit`: the tests that need no database, no child process, no browser and no property-based runs
 * (the dialog on memory ports, renderers, parsers, word lists): seconds, for checking a change while working.
 * A test file counts as a unit test when neither it nor a test helper it imports (transitively) uses one of
 * the markers below. `npm test` runs every test.
 */
const fs = require('node:fs');
const path = require('node:path');
const base = require('./jest.config');

const TEST_ROOT = path.join(__dirname, 'test');
const NOT_UNIT = [
  'startTestDynamo',
  'child_process',
  'playwright',
  'chromium',
  'fast-check',
  'Template.fromStack',
  'buildBundle',
  'startLocalServer',
  'createServer',
];

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Test helpers a file imports from test/, by their paths. */
function testImportsOf(file, source) {
  const imports = [...source.matchAll(/from '(\.[^']+)'/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]),
  );
  return imports
    .flatMap((p) => [`${p}.ts`, path.join(p, 'index.ts')])
    .filter((p) => p.startsWith(TEST_ROOT) && fs.existsSync(p));
}

const verdicts = new Map();
function needsMore(file, seen = new Set()) {
  if (verdicts.has(file)) return verdicts.get(file);
  if (seen.has(file)) return false;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  const result =
    NOT_UNIT.some((marker) => source.includes(marker)) ||
    testImportsOf(file, source).some((helper) => needsMore(helper, seen));
  verdicts.set(file, result);
  return result;
}

const unitTests = filesUnder(TEST_ROOT).filter((f) => f.endsWith('.test.ts') && !needsMore(f));

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: unitTests.map((f) => `<rootDir>/${path.relative(__dirname, f)}`) };
