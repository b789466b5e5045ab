// CSV/TSV and XLSX as a table (issue 16). CSV is parsed here (RFC 4180); XLSX by read-excel-file, loaded
// only when a spreadsheet is opened. A workbook shows one sheet at a time, chosen from its tabs.
import './previewers.css';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../../i18n';
import { PreviewStatus } from './PreviewStatus';
import { MAX_TABLE_ROWS, parseCsv, tableWindow, type TableWindow } from './table';

type Sheet = { name: string; rows: unknown[][] };
type State = { status: 'loading' } | { status: 'ok'; sheets: Sheet[] } | { status: 'error'; message: string };

export type TableSource = { kind: 'csv'; text: string; delimiter: string } | { kind: 'xlsx'; data: ArrayBuffer };

async function readSheets(source: TableSource): Promise<Sheet[]> {
  if (source.kind === 'csv') {
    // One row past the window, so the table knows it was cut.
    return [{ name: '', rows: parseCsv(source.text, source.delimiter, MAX_TABLE_ROWS + 2) }];
  }
  const { default: readXlsxFile } = await import('read-excel-file/browser');
  const sheets = await readXlsxFile(source.data);
  return sheets.map((s) => ({ name: s.sheet, rows: s.data as unknown[][] }));
}

export default function TablePreview({ source, name }: { source: TableSource; name: string }) {
  const t = useT();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [sheet, setSheet] = useState(0);

  useEffect(() => {
    // A new file mounts a new preview (keyed by its path), so this runs once per file.
    let cancelled = false;
    readSheets(source).then(
      (sheets) => !cancelled && setState({ status: 'ok', sheets }),
      (e: unknown) => !cancelled && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [source]);

  const sheets = state.status === 'ok' ? state.sheets : [];
  const current = sheets[Math.min(sheet, sheets.length - 1)];
  const table: TableWindow | null = useMemo(() => (current ? tableWindow(current.rows) : null), [current]);

  if (state.status !== 'ok') return <PreviewStatus status={state} />;
  return (
    <div className="table-preview" data-testid="table-preview" data-kind={source.kind}>
      {sheets.length > 1 && (
        <div className="sheet-tabs" role="tablist" aria-label={t('files.sheets')}>
          {sheets.map((s, i) => (
            <button
              key={`${i}-${s.name}`}
              type="button"
              role="tab"
              aria-selected={i === sheet}
              className={`sheet-tab${i === sheet ? ' on' : ''}`}
              onClick={() => setSheet(i)}
              data-testid="sheet-tab"
            >
              {s.name}
            </button>
          ))}
        </div>
      )}
      {!table || table.totalRows === 0 ? (
        <div className="preview-note">{t('files.emptyTable')}</div>
      ) : (
        <>
          {/* Focusable, so a wide table scrolls from the keyboard. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={current?.name || name}>
            <table className="preview-table" data-testid="preview-table">
              <thead>
                <tr>
                  {table.head.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.body.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {table.truncated && (
            <div className="preview-note" data-testid="preview-truncated">
              {t('files.tableTruncated', { rows: Math.min(table.totalRows, MAX_TABLE_ROWS + 1), columns: table.head.length })}
            </div>
          )}
        </>
      )}
    </div>
  );
}
