// Writes the workspace's trusted-documents manifest from the documents of
// public/app/queries.js, in Apollo's persisted query manifest format, each
// document under the SHA-256 of its exact text (what the workspace sends as
// `extensions.persistedQuery.sha256Hash`). The manifest is committed; run the
// hub with TRUSTED_DOCUMENTS_FILE=web/persisted-documents.json.
//
//   node scripts/persisted-documents.mjs          write web/persisted-documents.json
//   node scripts/persisted-documents.mjs --check  exit 1 when the committed file differs
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(web, 'persisted-documents.json');
const queries = await import(pathToFileURL(join(web, 'public', 'app', 'queries.js')).href);

const operations = Object.entries(queries)
  .filter(([, value]) => typeof value === 'string')
  .map(([exported, body]) => {
    const operation = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(body);
    if (!operation) {
      throw new Error(`queries.js: ${exported} must hold one named operation`);
    }
    return {
      id: createHash('sha256').update(body, 'utf8').digest('hex'),
      name: operation[2],
      type: operation[1],
      body,
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

const names = operations.map((o) => o.name);
const repeated = names.filter((n, i) => names.indexOf(n) !== i);
if (repeated.length) throw new Error(`queries.js: operation names must be unique: ${repeated.join(', ')}`);

const manifest = `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;

if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== manifest) {
    console.error('web/persisted-documents.json differs from the documents of public/app/queries.js.');
    console.error('Run `node web/scripts/persisted-documents.mjs` and commit the result.');
    process.exit(1);
  }
  console.log(`the trusted-documents manifest matches queries.js (${operations.length} documents)`);
} else {
  writeFileSync(target, manifest);
  console.log(`wrote web/persisted-documents.json (${operations.length} documents)`);
}
