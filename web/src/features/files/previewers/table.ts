// The table previews' model (issue 16): CSV/TSV parsed by RFC 4180's rules, spreadsheet cells as text, and
// the window of a large table the page shows (a few hundred rows draw at once; the rest is a download).

/** Rows and columns shown at most; a larger table says how much it leaves out. */
export const MAX_TABLE_ROWS = 500;
export const MAX_TABLE_COLUMNS = 50;

/**
 * Parses delimited text (RFC 4180): fields in double quotes may hold the delimiter, line breaks and
 * doubled quotes; rows end at CRLF, LF or CR; a byte order mark is dropped, as is the empty line a
 * trailing newline leaves. Stops after `maxRows` rows (the rest is counted by the caller if needed).
 */
export function parseCsv(text: string, delimiter: string = ',', maxRows = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length && rows.length < maxRows) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += c;
    }
    i++;
  }
  if (rows.length < maxRows && (field !== '' || row.length > 0)) endRow();
  return rows;
}

/** A spreadsheet cell as the table shows it. */
export function cellText(value: unknown): string {
  if (value == null) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

export interface TableWindow {
  /** The first row, shown as the header. */
  head: string[];
  body: string[][];
  /** Rows in the file, the header included, and the widest row's columns. */
  totalRows: number;
  totalColumns: number;
  truncated: boolean;
}

/** The part of `rows` the page draws: the first row as the header, then up to the limits. */
export function tableWindow(rows: readonly (readonly unknown[])[], maxRows = MAX_TABLE_ROWS, maxColumns = MAX_TABLE_COLUMNS): TableWindow {
  const totalColumns = rows.reduce((n, r) => Math.max(n, r.length), 0);
  const width = Math.min(totalColumns, maxColumns);
  const cells = (r: readonly unknown[]) => Array.from({ length: width }, (_, i) => cellText(r[i]));
  const shown = rows.slice(0, maxRows + 1);
  return {
    head: shown.length > 0 ? cells(shown[0]) : [],
    body: shown.slice(1).map(cells),
    totalRows: rows.length,
    totalColumns,
    truncated: rows.length > maxRows + 1 || totalColumns > maxColumns,
  };
}
