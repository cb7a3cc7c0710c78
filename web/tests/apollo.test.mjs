// Apollo Client as another team would use it, unmodified, against the real
// hub in its default trusted-documents mode (`allow`): the persisted-query
// link sends hashes, falls back to the text once when the hub does not know
// one, and the normalised cache updates a recommendation from a mutation's
// answer without asking again. browser-tests.sh starts that hub beside the
// workspace's (which runs under `enforce`) and gives its address as
// HUB_ALLOW_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { token } from './support/hub.mjs';

const BASE = (process.env.HUB_ALLOW_URL ?? process.env.HUB_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** An Apollo Client with its usual links, recording what goes on the wire. */
function apollo(bearer, { useGETForHashedQueries = false } = {}) {
  const sent = [];
  const recording = async (url, init) => {
    const u = new URL(url);
    sent.push(
      init.method === 'GET'
        ? { method: 'GET', query: u.searchParams.get('query'), extensions: JSON.parse(u.searchParams.get('extensions') ?? 'null') }
        : { method: 'POST', ...JSON.parse(init.body) },
    );
    return fetch(url, init);
  };
  const link = new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    new HttpLink({ uri: `${BASE}/graphql`, fetch: recording, headers: { authorization: `Bearer ${bearer}` } }),
  );
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

const OPEN = gql`
  query OpenRecommendations {
    recommendations(filter: { status: OPEN }, first: 5) {
      edges { node { id status version text history { sequence kind } } }
    }
  }
`;

const RESPOND = gql`
  mutation Respond($input: RecommendationResponseInput!) {
    respondToRecommendation(input: $input) { id status version }
  }
`;

test('the persisted-query link falls back once, then the hub knows the hash, over POST and GET', async () => {
  const admin = token({ role: 'regional_admin' });
  const first = apollo(admin);
  const { data } = await first.client.query({ query: OPEN });
  assert.ok(data.recommendations.edges.length > 0, 'the demo data has open recommendations');
  assert.equal(first.sent.length, 2, 'the hash, then the text with the hash');
  assert.equal(first.sent[0].query, undefined, 'the first request carries only the hash');
  assert.match(first.sent[0].extensions.persistedQuery.sha256Hash, /^[0-9a-f]{64}$/);
  assert.ok(first.sent[1].query.includes('OpenRecommendations'));
  assert.equal(first.sent[1].extensions.persistedQuery.sha256Hash, first.sent[0].extensions.persistedQuery.sha256Hash);

  // Another client, another cache: the hub answers the hash alone, by POST and by GET.
  for (const useGETForHashedQueries of [false, true]) {
    const other = apollo(admin, { useGETForHashedQueries });
    const again = await other.client.query({ query: OPEN });
    assert.deepEqual(again.data, data);
    assert.equal(other.sent.length, 1, JSON.stringify(other.sent));
    assert.equal(other.sent[0].method, useGETForHashedQueries ? 'GET' : 'POST');
    assert.ok(!other.sent[0].query, 'no text was needed');
  }
});

test("the normalised cache takes a mutation's answer into the list it already holds", async () => {
  const { client, sent } = apollo(token({ role: 'regional_admin' }));
  const { data } = await client.query({ query: OPEN });
  const target = data.recommendations.edges[0].node;
  assert.equal(target.__typename, 'ScrutinyRecommendation');
  assert.ok(client.cache.identify(target), 'identified by its id');

  const { data: answer } = await client.mutate({
    mutation: RESPOND,
    variables: { input: { id: target.id, expectedVersion: target.version, response: 'Started: the Apollo Client test', status: 'IN_PROGRESS' } },
  });
  assert.equal(answer.respondToRecommendation.status, 'IN_PROGRESS');
  const requests = sent.length;

  // The cached list shows the new status and version without a request.
  const cached = client.readQuery({ query: OPEN });
  const node = cached.recommendations.edges.find((e) => e.node.id === target.id).node;
  assert.equal(node.status, 'IN_PROGRESS');
  assert.equal(node.version, answer.respondToRecommendation.version);
  assert.ok(node.version > target.version);
  const fromCache = await client.query({ query: OPEN, fetchPolicy: 'cache-only' });
  assert.equal(fromCache.data.recommendations.edges.find((e) => e.node.id === target.id).node.status, 'IN_PROGRESS');
  assert.equal(sent.length, requests, 'nothing more was asked of the hub');

  // And the hub agrees.
  const fresh = await client.query({ query: OPEN, fetchPolicy: 'network-only' });
  assert.ok(!fresh.data.recommendations.edges.some((e) => e.node.id === target.id), 'no longer open');
});
