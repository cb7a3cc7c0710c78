// The guard's own rules: how a change is named, and what counts as announced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, findBreakingChanges } from 'graphql';
import { announced, coordinate } from './check.mjs';

const before = buildSchema(`
  type Query { a(x: Int): Int b: Int c: Kind }
  enum Kind { ONE TWO }
  input In { p: Int }
  type Mutation { m(i: In): Int }
`);
const after = buildSchema(`
  type Query { a(x: String, y: Int!): Int c: Kind }
  enum Kind { ONE }
  input In { p: Int q: Int! }
  type Mutation { m(i: In): Int }
`);

test('each breaking change is named by its schema coordinate', () => {
  const named = findBreakingChanges(before, after).map(coordinate).sort();
  assert.deepEqual(named, ['In.q', 'Kind.TWO', 'Query.a(x)', 'Query.a(y)', 'Query.b']);
});

test('only coordinates in items marked Breaking under Unreleased count', () => {
  const changelog = [
    '# Changelog',
    '## Unreleased',
    '### Something',
    '- **Breaking:** `Query.b` is gone; read `Query.c`.',
    '- `Kind.TWO` is mentioned, but not as breaking.',
    '## 0.1.0',
    '- **Breaking:** `In.q` (an older release does not count).',
  ].join('\n');
  assert.deepEqual([...announced(changelog)].sort(), ['Query.b', 'Query.c']);
});
