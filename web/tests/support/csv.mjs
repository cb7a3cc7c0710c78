// Reading CSV and comparing it with what a table shows. The comparison is one
// function, so when the export format changes only it needs to follow.

/** Parses RFC 4180 CSV into rows of strings. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A figure as text, so `27`, `27.0` and `27.00` agree and `c` stays `c`. */
function same(a, b) {
  const blank = (v) => v === '' || v === 'x';
  if (blank(a) && blank(b)) return true;
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return Math.abs(na - nb) < 0.005;
  return a === b;
}

/**
 * The differences between a downloaded CSV and the table on the page (an
 * empty list when they agree). `table` is the table's rows of cell text,
 * header first. A CSV of the table itself must equal it cell for cell; the
 * benchmark export is matched by partnership (`names`: code → name) on value,
 * rate, rank and quartile.
 */
export function csvTableDifferences(csvText, table, names) {
  const csv = parseCsv(csvText);
  const problems = [];
  const header = csv[0] ?? [];
  if (!header.includes('partnership') || !header.includes('rank')) {
    if (csv.length !== table.length) problems.push(`${csv.length} CSV rows, ${table.length} table rows`);
    table.forEach((row, i) => {
      row.forEach((cell, j) => {
        if ((csv[i]?.[j] ?? '') !== cell) problems.push(`row ${i} column ${j}: CSV "${csv[i]?.[j]}", table "${cell}"`);
      });
    });
    return problems;
  }
  const col = (name) => header.indexOf(name);
  const tableHeader = table[0];
  const tcol = (prefix) => tableHeader.findIndex((h) => h.startsWith(prefix));
  const rows = table.slice(1);
  if (csv.length - 1 !== rows.length) problems.push(`${csv.length - 1} CSV rows, ${rows.length} table rows`);
  for (const line of csv.slice(1)) {
    const name = names[line[col('partnership')]];
    const row = rows.find((r) => r[0] === name);
    if (!row) {
      problems.push(`no table row for ${line[col('partnership')]}`);
      continue;
    }
    const pairs = [
      ['value', tcol('Value')],
      ['rate_per_10k', tcol('Rate per 10,000')],
      ['rank', tcol('Rank')],
      ['quartile', tcol('Quartile')],
    ];
    for (const [csvName, tableIndex] of pairs) {
      if (tableIndex < 0 || col(csvName) < 0) continue;
      if (!same(line[col(csvName)], row[tableIndex])) {
        problems.push(`${name} ${csvName}: CSV "${line[col(csvName)]}", table "${row[tableIndex]}"`);
      }
    }
  }
  return problems;
}
