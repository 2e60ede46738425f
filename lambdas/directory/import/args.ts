import { parseArgs } from 'node:util';
import { IMPORT_KINDS, type ImportKind } from './import-directory';

/** The command line of `npm run import`, checked. */
export interface ImportArgs {
  kind: ImportKind;
  file: string;
  dryRun: boolean;
  replace: boolean;
  /** Into `npm start`'s local database (running or not) instead of DYNAMODB_ENDPOINT or AWS. */
  local: boolean;
}

export const IMPORT_USAGE = `Usage: npm run import -- --kind groups|contact-points FILE [--dry-run] [--replace] [--local]

  FILE         CSV (UTF-8, header line) or JSON (array of objects) with the columns
               id,name,topics,languages,country,postcode,city,lat,lon,online,schedule,contact_point,description
               and optionally rrule,time,duration_minutes (meetings as data; else read from schedule)
               (contact points: id,name,country,postcode,city,address,lat,lon,phone,email,website,opening_hours)
  --kind       groups or contact-points
  --dry-run    report what would change, write nothing
  --replace    (groups) also retire the groups of each contact point in FILE that FILE no longer lists
  --local      into the database npm start keeps in .local-data (LOCAL_DATA_DIR), running or not

Tables: DIRECTORY_TABLE (default selfhelp-directory); with DYNAMODB_ENDPOINT set, a local endpoint whose
missing tables are created; else AWS (AWS_REGION and credentials). With no database, --dry-run only checks
the file. Exit code: 0 all rows imported, 1 some rows refused or the import failed,
2 usage error.`;

/** Parses the arguments after `--`; returns `{ error }` (show it with IMPORT_USAGE, exit 2) when they are wrong. */
export function parseImportArgs(argv: readonly string[]): ImportArgs | { error: string } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { error: '' };
  const kind = IMPORT_KINDS.find((k) => k === values.kind);
  if (!kind) return { error: `--kind must be one of ${IMPORT_KINDS.join(', ')}` };
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return { error: 'give exactly one FILE' };
  if (values.replace && kind !== 'groups') return { error: '--replace applies to --kind groups only' };
  return {
    kind,
    file,
    dryRun: values['dry-run'] ?? false,
    replace: values.replace ?? false,
    local: values.local ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean' },
      replace: { type: 'boolean' },
      local: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
