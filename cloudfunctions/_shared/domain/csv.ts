/**
 * CSV for the exports (AD6): RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order mark
 * on the first page, because Excel on Windows reads a BOM-less CSV as the local code page
 * and turns Chinese into mojibake.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const BOM = '\uFEFF';
const LINE_END = '\r\n';

/**
 * One field: quoted when it holds a comma, quote, CR or LF (quotes doubled), or when it
 * starts with a character a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR); those get a leading apostrophe so a customer's nickname cannot become a formula.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, with its line end. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',') + LINE_END;
}

/** A page of an export: the first page starts with the BOM and the header row. */
export function csvPage(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
  first: boolean,
): string {
  return (first ? BOM + csvLine(header) : '') + rows.map(csvLine).join('');
}

/** `2024-11-20 09:00:00` in Asia/Shanghai, '' for no date. */
export function shanghaiTime(date: Date | null | undefined): string {
  if (!date) return '';
  return dayjs(date).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss');
}
