import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SECTORS, type Sector } from '../../dialogs/topics';

/** docs/topics.md is what importers read: every id with its sector, exactly as the code has them. */
test('docs/topics.md lists every topic id with its sector, in the order of the code', () => {
  const text = readFileSync(path.join(__dirname, '../../docs/topics.md'), 'utf8');
  // Table rows "| id | sector | …", the header row ("| id | sector |") left out.
  const rows = [...text.matchAll(/^\| ([a-z-]+) \| ([a-z]+) \|/gm)].map((m) => [m[1], m[2]]).slice(1);
  const expected = (Object.keys(SECTORS) as Sector[]).flatMap((sector) =>
    SECTORS[sector].map((id) => [id, sector]),
  );

  expect(rows).toEqual(expected);
});
