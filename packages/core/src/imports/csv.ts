/**
 * RFC 4180 CSV as the narrative tools write it: quoted fields may hold the delimiter, doubled
 * quotes and line breaks (story texts do); CRLF or LF line ends; a leading byte-order mark is
 * dropped because both SenseMaker and NarraFirma exports start with one.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted field');
  // A final line break does not start another (empty) row.
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Rows as records keyed by the header row; for files whose column names are unique. */
export function parseCsvRecords(text: string, delimiter = ','): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, delimiter);
  if (header === undefined) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
