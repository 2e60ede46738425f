import { formatCsv, parseCsv } from '../../../../lambdas/directory/import/csv';

describe('parseCsv', () => {
  test('reads quoted fields with commas, line breaks and doubled quotes, citing the line each record starts on', () => {
    const text = 'id,description\n1,"Kaffee, Tee"\n2,"first line\nsecond ""quoted"" line"\n3,plain\n';

    const { records, problems } = parseCsv(text);

    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'description'] },
      { line: 2, fields: ['1', 'Kaffee, Tee'] },
      { line: 3, fields: ['2', 'first line\nsecond "quoted" line'] },
      { line: 5, fields: ['3', 'plain'] },
    ]);
  });

  test('drops a byte order mark, accepts CRLF and skips blank lines', () => {
    const { records } = parseCsv('\uFEFFid,name\r\n\r\n1,Gruppe\r\n');

    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 3, fields: ['1', 'Gruppe'] },
    ]);
  });

  test('reports a quote that is never closed at the line where its record starts', () => {
    const { records, problems } = parseCsv('id,name\n1,"open\n2,x\n');

    expect(records).toHaveLength(1);
    expect(problems).toEqual([{ line: 2, reason: expect.stringMatching(/never closed/) }]);
  });

  test('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n').records[0]?.fields).toEqual(['a', '', 'c', '']);
  });
});

describe('formatCsv', () => {
  test('writes what parseCsv reads back, quoting only where needed and joining lists with ";"', () => {
    const rows = [{ id: 'g1', name: 'Treff "Mitte", Hamburg', topics: ['grief', 'stress'], lat: 53.5 }];

    const text = formatCsv(['id', 'name', 'topics', 'lat'], rows);

    expect(text).toBe('id,name,topics,lat\ng1,"Treff ""Mitte"", Hamburg",grief;stress,53.5\n');
    expect(parseCsv(text).records[1]?.fields).toEqual([
      'g1',
      'Treff "Mitte", Hamburg',
      'grief;stress',
      '53.5',
    ]);
  });
});
