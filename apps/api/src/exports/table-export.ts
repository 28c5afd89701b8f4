import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * How a column's values are written: `date` takes YYYY-MM-DD, `datetime` an ISO 8601 instant
 * (shown as Beijing time), `percent` a fraction (0.4567 → 45.67%).
 */
export type CellKind = 'text' | 'integer' | 'decimal' | 'percent' | 'date' | 'datetime';
export type CellValue = string | number | null;

export interface ExportColumn<T> {
  header: string;
  kind: CellKind;
  /** Width in characters in the spreadsheet. */
  width: number;
  value(row: T): CellValue;
}

export interface TableExport<T> {
  format: ExportFormat;
  sheetName: string;
  columns: readonly ExportColumn<T>[];
  /** The rows, a batch at a time; left early (return()) when the download is abandoned. */
  batches: AsyncIterator<T[], void, undefined>;
  /** Runs once the rows have been written or the download abandoned (e.g. to end a read transaction). */
  done(): Promise<void>;
  onError(error: unknown): void;
}

/**
 * The table as a byte stream, written while it is sent: a batch of rows is read only when the
 * client has taken what came before (backpressure), so the file is never all in memory. An
 * error after the first bytes destroys the stream: the client sees a failed download, never a
 * file that looks complete.
 */
export function streamTable<T>(table: TableExport<T>): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      if (table.format === 'csv') await writeCsv(out, table);
      else await writeXlsx(out, table);
    } catch (error) {
      table.onError(error);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
    // Nothing may escape: this promise has no one to reject to.
    await Promise.resolve(table.batches.return?.()).catch(table.onError);
    await table.done().catch(table.onError);
  })();
  return out;
}

const CRLF = '\r\n';
const BOM = '\uFEFF';
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** UTF-8 with a byte-order mark (so Excel reads it as UTF-8), RFC 4180 quoting, CRLF line ends. */
async function writeCsv<T>(out: PassThrough, table: TableExport<T>): Promise<void> {
  const { columns } = table;
  out.write(BOM + csvLine(columns.map((c) => csvField(c.header))));
  for (let next = await table.batches.next(); !next.done; next = await table.batches.next()) {
    if (out.destroyed) return;
    const text = next.value.map((row) => csvLine(columns.map((c) => csvField(csvText(c.kind, c.value(row)))))).join('');
    if (!out.write(text)) await drained(out);
  }
  out.end();
}

function csvLine(fields: string[]): string {
  return fields.join(',') + CRLF;
}

/** Quoted when it holds a comma, a quote or a line break; quotes doubled (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(kind: CellKind, value: CellValue): string {
  if (value === null) return '';
  switch (kind) {
    case 'text':
      return neutralised(String(value));
    case 'percent':
      return `${Number((Number(value) * 100).toFixed(2))}%`;
    case 'datetime':
      return beijingTime(String(value));
    default:
      return String(value);
  }
}

/**
 * Text that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe
 * (OWASP's advice on CSV injection): a project name is typed by users, the file is opened by leadership.
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** An instant as Beijing wall-clock time, YYYY-MM-DD HH:MM:SS. */
function beijingTime(iso: string): string {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  percent: '0.00%',
  decimal: '0.0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** One sheet, its Chinese header row bold and frozen with a filter on it; dates as real dates; rows streamed. */
async function writeXlsx<T>(out: PassThrough, table: TableExport<T>): Promise<void> {
  const { columns } = table;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '台账';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  // A column's number format is its cells' style: cheaper than one style per cell.
  sheet.columns = columns.map((c) => ({ width: c.width, style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  for (let next = await table.batches.next(); !next.done; next = await table.batches.next()) {
    if (out.destroyed) return;
    for (const item of next.value) {
      sheet.addRow(columns.map((c) => xlsxValue(c.kind, c.value(item)))).commit();
    }
    await zipCaughtUp(sheet, out);
  }
  sheet.commit();
  await workbook.commit();
}

const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * exceljs's streaming writer ignores backpressure: committed rows pile up, uncompressed, in front
 * of its zip stream while compression and the client lag behind (about 1 KB a row: a 100k-row
 * export held 140 MB). So after each batch we wait until that backlog is under 4 MB and the
 * client has taken what was zipped. The backlog is read from exceljs 4.4's internals (the sheet's
 * StreamBuf and the stream it writes to); if they change, nothing is waited for, nothing breaks.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet, out: PassThrough): Promise<void> {
  const internals = sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } };
  const backlog = () => (internals.stream?.pipes ?? []).reduce((bytes, pipe) => bytes + (pipe._writableState?.length ?? 0), 0);
  while (!out.destroyed && (backlog() > ZIP_BACKLOG_BYTES || out.writableNeedDrain)) {
    if (out.writableNeedDrain) await drained(out);
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function xlsxValue(kind: CellKind, value: CellValue): string | number | Date | null {
  if (value === null) return null;
  switch (kind) {
    case 'date':
      return new Date(`${value}T00:00:00Z`);
    case 'datetime':
      // Excel's dates have no time zone: the cell shows Beijing wall-clock time.
      return new Date(new Date(value).getTime() + SHANGHAI_OFFSET_MS);
    case 'text':
      return String(value);
    default:
      return Number(value);
  }
}

/** Resolves when the stream can take more, or is closed (an abandoned download). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
