import type { Metafile } from 'esbuild';
import { composition, parseChildResult, partOf, RESULT_MARKER } from '../../../scripts/bench/bundles';
import { profileExcess } from '../../../scripts/bench/cold-start';
import {
  attributeProfile,
  type CpuProfile,
  decodeMappings,
  decodeVlq,
  describeProfile,
  sourceAt,
} from '../../../scripts/bench/cpu-profile';
import { countsPerStep } from '../../../scripts/bench/requests-per-turn';

describe('bundle composition', () => {
  test('names the package of a bundled file, or its project folder', () => {
    expect(partOf('node_modules/grammy/out/bot.js')).toBe('grammy');
    expect(partOf('node_modules/@azure/identity/dist/index.js')).toBe('@azure/identity');
    expect(partOf('node_modules/a/node_modules/tr46/index.js')).toBe('tr46');
    expect(partOf('lambdas/directory/keys.ts')).toBe('lambdas/directory');
  });

  test('adds output bytes up by package, largest first, with the shortest import path to each', () => {
    const input = (imports: string[]) => ({
      bytes: 1,
      imports: imports.map((path) => ({ path, kind: 'import-statement' as const })),
    });
    const metafile = {
      inputs: {
        'lambdas/telegram.ts': input(['lambdas/telegram/app.ts', 'node_modules/zod/index.js']),
        'lambdas/telegram/app.ts': input(['node_modules/grammy/out/mod.js']),
        'node_modules/grammy/out/mod.js': input(['node_modules/node-fetch/lib/index.js']),
        'node_modules/node-fetch/lib/index.js': input([]),
        'node_modules/zod/index.js': input([]),
      },
      outputs: {
        'out/index.js': {
          bytes: 1000,
          entryPoint: 'lambdas/telegram.ts',
          imports: [],
          exports: [],
          inputs: {
            'lambdas/telegram.ts': { bytesInOutput: 50 },
            'lambdas/telegram/app.ts': { bytesInOutput: 40 },
            'node_modules/grammy/out/mod.js': { bytesInOutput: 300 },
            'node_modules/node-fetch/lib/index.js': { bytesInOutput: 500 },
            'node_modules/zod/index.js': { bytesInOutput: 100 },
          },
        },
      },
    } as unknown as Metafile;

    const result = composition(metafile, 'lambdas/telegram.ts');

    expect(result.bytes).toBe(1000);
    expect(result.parts.map((part) => [part.name, part.bytes])).toEqual([
      ['node-fetch', 500],
      ['grammy', 300],
      ['zod', 100],
      ['lambdas/telegram.ts', 50],
      ['lambdas/telegram', 40],
    ]);
    expect(result.parts[0]?.importedVia).toEqual([
      'lambdas/telegram.ts',
      'lambdas/telegram/app.ts',
      'node_modules/grammy/out/mod.js',
      'node_modules/node-fetch/lib/index.js',
    ]);
  });

  test("finds a child process's result among the bundle's log lines", () => {
    const stdout = `{"level":"info","msg":"telegram.turn"}\n${RESULT_MARKER}{"loadMs":12}\n`;
    expect(parseChildResult(stdout)).toEqual({ loadMs: 12 });
    expect(() => parseChildResult('{"level":"info"}')).toThrow(/reported no result/);
  });
});

describe('CPU profile attribution', () => {
  test('decodes base64 VLQ', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('AACA')).toEqual([0, 0, 1, 0]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
  });

  test('finds the source of a generated position', () => {
    // Line 0: column 0 → source 0, column 10 → source 1, column 20 → source 0. Line 1: column 5 → source 1.
    const lines = decodeMappings('AAAA,UCAA,UDAA;KCAA');
    expect(sourceAt(lines, 0, 0)).toBe(0);
    expect(sourceAt(lines, 0, 15)).toBe(1);
    expect(sourceAt(lines, 0, 25)).toBe(0);
    expect(sourceAt(lines, 1, 4)).toBeUndefined();
    expect(sourceAt(lines, 1, 5)).toBe(1);
    expect(sourceAt(lines, 2, 0)).toBeUndefined();
  });

  test("adds self time up by the bundle's sources, the runtime's AWS SDK, Node.js, GC and idle", () => {
    const frame = (id: number, url: string, functionName = 'f', columnNumber = 0) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0, columnNumber },
    });
    const profile: CpuProfile = {
      nodes: [
        frame(1, '/b/index.js', 'a', 3),
        frame(2, '/b/index.js', 'b', 12),
        frame(3, 'file:///x/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js'),
        frame(4, 'node:internal/modules/cjs/loader'),
        frame(5, '', '(garbage collector)'),
        frame(6, '', '(idle)'),
      ],
      samples: [1, 1, 2, 3, 4, 5, 6, 6],
      timeDeltas: [1000, 1000, 2000, 500, 700, 300, 4000, 4000],
    };
    const map = {
      sources: ['../../node_modules/zod/index.js', '../../lambdas/ports.ts'],
      mappings: 'AAAA,UCAA',
    };

    const parts = attributeProfile(profile, '/b/index.js', map, (source) => source.replace(/^(\.\.\/)+/, ''));

    expect(parts).toEqual([
      { part: 'idle (waiting for I/O)', ms: 8 },
      { part: 'bundle: zod', ms: 2 },
      { part: 'bundle: lambdas/ports.ts', ms: 2 },
      { part: 'Node.js: resolving modules, reading files', ms: 0.7 },
      { part: 'AWS SDK (runtime-provided)', ms: 0.5 },
      { part: 'garbage collection', ms: 0.3 },
    ]);
    expect(describeProfile(parts, 2)).toBe('idle (waiting for I/O) 8 ms; bundle: zod 2 ms');
    const baseline = [
      { part: 'bundle: zod', ms: 1.4 },
      { part: 'idle (waiting for I/O)', ms: 9 },
    ];
    expect(profileExcess(parts, baseline)).toEqual([
      { part: 'bundle: lambdas/ports.ts', ms: 2 },
      { part: 'Node.js: resolving modules, reading files', ms: 0.7 },
      { part: 'bundle: zod', ms: expect.closeTo(0.6) },
      { part: 'AWS SDK (runtime-provided)', ms: 0.5 },
      { part: 'garbage collection', ms: 0.3 },
    ]);
  });
});

describe('requests per step', () => {
  test('keeps the replay of each step that needed the most requests', () => {
    const tally = (requests: number, byOperation: Record<string, number>) => ({
      requests,
      byOperation,
      readCapacityUnits: 0,
      writeCapacityUnits: 0,
      itemsRead: 0,
      milliseconds: 0,
    });
    const steps = countsPerStep([
      { label: '/start', kind: 'session', tally: tally(2, { GetItem: 1, PutItem: 1 }) },
      { label: 'search', kind: 'directory', tally: tally(4, { GetItem: 1, Query: 2, PutItem: 1 }) },
      { label: 'search', kind: 'directory', tally: tally(5, { GetItem: 1, Query: 3, PutItem: 1 }) },
      { label: 'search', kind: 'directory', tally: tally(3, { GetItem: 1, Query: 1, PutItem: 1 }) },
    ]);
    expect(steps).toEqual([
      { label: '/start', kind: 'session', max: 2, operations: 'GetItem 1, PutItem 1' },
      { label: 'search', kind: 'directory', max: 5, operations: 'GetItem 1, Query 3, PutItem 1' },
    ]);
  });
});
