// The contract guard: fails when schema.graphql breaks the schema of the last
// release (schema/released.graphql) without the break being listed in
// CHANGELOG.md. Breaking changes are found by graphql-js's own
// findBreakingChanges; this script only decides whether each is announced.
//
// The rule: every breaking change must be named, by its coordinate in
// backticks, in a list item of CHANGELOG.md's `## Unreleased` section that is
// marked **Breaking**. Coordinates: `Type` for a type removed or changed in
// kind, `Type.field` for a field (of an object, interface or input type),
// `Type.field(argument)` for an argument, `Enum.VALUE` for an enum value,
// `Union` for a member removed from a union, `@directive` for a directive.
//
//   node tools/schema-guard/check.mjs    (from anywhere; exit 1 on an unlisted break)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges, specifiedDirectives } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path) => readFileSync(join(root, path), 'utf8');

/** The coordinate a change is listed by. */
export function coordinate({ type, description }) {
  const patterns = {
    FIELD_REMOVED: [/^(\w+)\.(\w+) was removed/, (m) => `${m[1]}.${m[2]}`],
    FIELD_CHANGED_KIND: [/^(\w+)\.(\w+) changed type/, (m) => `${m[1]}.${m[2]}`],
    ARG_REMOVED: [/^(\w+)\.(\w+) arg (\w+) was removed/, (m) => `${m[1]}.${m[2]}(${m[3]})`],
    ARG_CHANGED_KIND: [/^(\w+)\.(\w+) arg (\w+) has changed type/, (m) => `${m[1]}.${m[2]}(${m[3]})`],
    REQUIRED_ARG_ADDED: [/arg (\w+) on (\w+)\.(\w+) was added/, (m) => `${m[2]}.${m[3]}(${m[1]})`],
    REQUIRED_INPUT_FIELD_ADDED: [/field (\w+) on input type (\w+) was added/, (m) => `${m[2]}.${m[1]}`],
    VALUE_REMOVED_FROM_ENUM: [/^(\w+) was removed from enum type (\w+)/, (m) => `${m[2]}.${m[1]}`],
    TYPE_REMOVED_FROM_UNION: [/^(\w+) was removed from union type (\w+)/, (m) => m[2]],
    IMPLEMENTED_INTERFACE_REMOVED: [/^(\w+) no longer implements interface (\w+)/, (m) => m[1]],
    DIRECTIVE_REMOVED: [/^(\w+) was removed/, (m) => `@${m[1]}`],
    DIRECTIVE_ARG_REMOVED: [/was removed from (\w+)/, (m) => `@${m[1]}`],
    REQUIRED_DIRECTIVE_ARG_ADDED: [/on directive (\w+) was added/, (m) => `@${m[1]}`],
    DIRECTIVE_REPEATABLE_REMOVED: [/from (\w+)/, (m) => `@${m[1]}`],
    DIRECTIVE_LOCATION_REMOVED: [/from (\w+)/, (m) => `@${m[1]}`],
  };
  const [pattern, name] = patterns[type] ?? [/^(\w+)/, (m) => m[1]];
  const match = pattern.exec(description);
  return match ? name(match) : description;
}

/** The coordinates the Unreleased section lists in items marked **Breaking**. */
export function announced(changelog) {
  const start = changelog.indexOf('\n## Unreleased');
  if (start < 0) return new Set();
  const rest = changelog.slice(start + 1);
  const end = rest.indexOf('\n## ', 3);
  const section = end < 0 ? rest : rest.slice(0, end);
  const items = section.split(/\n(?=- |#)/);
  const listed = new Set();
  for (const item of items.filter((i) => /\*\*Breaking/.test(i))) {
    for (const [, code] of item.matchAll(/`([^`]+)`/g)) listed.add(code.trim());
  }
  return listed;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const released = buildSchema(read('schema/released.graphql'));
  const current = buildSchema(read('schema.graphql'));
  const listed = announced(read('CHANGELOG.md'));
  // GraphQL's own directives are not the hub's contract: async-graphql prints
  // `@deprecated` once a field uses it, with other locations than graphql-js's.
  const own = new Set(specifiedDirectives.map((d) => `@${d.name}`));
  const changes = findBreakingChanges(released, current)
    .map((c) => ({ ...c, at: coordinate(c) }))
    .filter((c) => !own.has(c.at));
  const unlisted = changes.filter((c) => !listed.has(c.at));
  if (unlisted.length) {
    console.error(`schema.graphql breaks the released schema (schema/released.graphql) in ${unlisted.length} way(s) CHANGELOG.md does not announce:`);
    for (const c of unlisted) console.error(`  \`${c.at}\`  ${c.type}: ${c.description}`);
    console.error('List each coordinate in backticks in an item marked **Breaking** under `## Unreleased` in CHANGELOG.md,');
    console.error('saying what a client must do; or keep the schema compatible.');
    process.exit(1);
  }
  console.log(`schema.graphql keeps the released contract: ${changes.length} breaking change(s), all announced in CHANGELOG.md`);
}
