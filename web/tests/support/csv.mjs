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

const FLAG_WORDS = {
  estimated_input: 'estimated population',
  illustrative: 'illustrative',
  non_standard_period: 'non-standard period',
  unreliable: 'unreliable',
};

/**
 * The differences between a downloaded CSV and the table on the page (an
 * empty list when they agree). `table` is the table's rows of cell text,
 * header first. A CSV of the table itself must equal it cell for cell. The
 * benchmark export (EES tidy format: one row per partnership) is matched by
 * partnership name: value, rate, rank and quartile must read exactly as the
 * table writes them, symbols included; a column the table leaves out must be
 * `z` (not applicable) throughout, or for a rate the value itself; and each
 * flag the CSV says Yes to must be named in the row's notes, and no other.
 */
export function csvTableDifferences(csvText, table, names) {
  const csv = parseCsv(csvText);
  const problems = [];
  const header = csv[0] ?? [];
  if (!header.includes('time_identifier') || !header.includes('partnership_code')) {
    if (csv.length !== table.length) problems.push(`${csv.length} CSV rows, ${table.length} table rows`);
    table.forEach((row, i) => {
      row.forEach((cell, j) => {
        if ((csv[i]?.[j] ?? '') !== cell) problems.push(`row ${i} column ${j}: CSV "${csv[i]?.[j]}", table "${cell}"`);
      });
    });
    return problems;
  }
  const col = (name) => header.indexOf(name);
  if (!table[0].some((h) => h.startsWith('Value'))) return trendDifferences(csv, table, names);
  const tableHeader = table[0];
  const tcol = (prefix) => tableHeader.findIndex((h) => h.startsWith(prefix));
  const notesColumn = tcol('Notes');
  const rows = table.slice(1);
  if (csv.length - 1 !== rows.length) problems.push(`${csv.length - 1} CSV rows, ${rows.length} table rows`);
  for (const line of csv.slice(1)) {
    const code = line[col('partnership_code')];
    const name = names[code];
    if (line[col('partnership_name')] !== name) problems.push(`${code}: CSV names "${line[col('partnership_name')]}", the hub "${name}"`);
    const row = rows.find((r) => r[0] === name);
    if (!row) {
      problems.push(`no table row for ${code}`);
      continue;
    }
    const pairs = [
      ['value', tcol('Value')],
      ['rate_per_10k', tcol('Rate per 10,000')],
      ['rank', tcol('Rank')],
      ['quartile', tcol('Quartile')],
    ];
    for (const [csvName, tableIndex] of pairs) {
      const written = line[col(csvName)];
      if (tableIndex < 0) {
        const absentOk = written === 'z' || (csvName === 'rate_per_10k' && written === line[col('value')]);
        if (!absentOk) problems.push(`${name} ${csvName}: CSV "${written}", not in the table`);
      } else if (written !== row[tableIndex]) {
        problems.push(`${name} ${csvName}: CSV "${written}", table "${row[tableIndex]}"`);
      }
    }
    const notes = notesColumn < 0 ? '' : row[notesColumn];
    for (const [flag, words] of Object.entries(FLAG_WORDS)) {
      const yes = line[col(flag)] === 'Yes';
      if (yes !== notes.includes(words)) problems.push(`${name} ${flag}: CSV "${line[col(flag)]}", table notes "${notes}"`);
    }
  }
  return problems;
}

/**
 * A trend's table (a row per partnership, a column per period, then the
 * direction of travel and notes) against its EES export (a row per
 * partnership and period, oldest period first): each period's value must read
 * as the table writes it, symbols included, and each flag the CSV says Yes to
 * in any period must be named in the row's notes, and no other.
 */
function trendDifferences(csv, table, names) {
  const header = csv[0];
  const col = (name) => header.indexOf(name);
  const periods = table[0].slice(1, table[0].indexOf('Direction of travel'));
  const notesColumn = table[0].indexOf('Notes');
  const problems = [];
  const lines = csv.slice(1);
  if (lines.length !== (table.length - 1) * periods.length) {
    problems.push(`${lines.length} CSV rows, ${table.length - 1} partnerships × ${periods.length} periods in the table`);
  }
  for (const [code, name] of Object.entries(names)) {
    const row = table.find((r) => r[0] === name);
    const own = lines.filter((l) => l[col('partnership_code')] === code).sort((a, b) => a[col('period_start')].localeCompare(b[col('period_start')]));
    if (!row) {
      problems.push(`no table row for ${code}`);
      continue;
    }
    if (own.some((l) => l[col('partnership_name')] !== name)) problems.push(`${code}: CSV names another partnership`);
    periods.forEach((period, i) => {
      const written = own[i]?.[col('value')];
      if (written !== row[i + 1]) problems.push(`${name} ${period}: CSV "${written}", table "${row[i + 1]}"`);
    });
    for (const [flag, words] of Object.entries(FLAG_WORDS)) {
      const yes = own.some((l) => l[col(flag)] === 'Yes');
      if (yes !== row[notesColumn].includes(words)) problems.push(`${name} ${flag}: CSV ${yes ? 'Yes' : 'No'}, table notes "${row[notesColumn]}"`);
    }
  }
  return problems;
}
