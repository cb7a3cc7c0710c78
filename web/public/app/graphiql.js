// GraphiQL from the embedded copies of graphiql, react and react-dom (no CDN),
// opening with an example query and, when there is one, a token in its headers:
// the workspace's sign-in from this tab, else the development token.
// A module, so that its example comes from queries.js and is one of the
// documents of the workspace's trusted-documents manifest: under
// TRUSTED_DOCUMENTS=enforce GraphiQL runs exactly the manifest's documents.
/* global React, ReactDOM, GraphiQL */
import { GRAPHIQL_EXAMPLE as EXAMPLE } from './queries.js';

async function bearer() {
  const signedIn = sessionStorage.getItem('hub.workspace.token');
  if (signedIn) return signedIn;
  try {
    const response = await fetch('/workspace/development-token', { headers: { Accept: 'application/json' } });
    if (response.ok) return (await response.json()).token;
  } catch {
    // No token on offer: GraphiQL opens anonymous.
  }
  return null;
}

async function start() {
  const token = await bearer();
  const root = document.getElementById('graphiql');
  root.textContent = '';
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
      defaultQuery: EXAMPLE,
      query: EXAMPLE,
      headers: token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined,
      defaultEditorToolsVisibility: token ? 'headers' : false,
      shouldPersistHeaders: false,
    }),
  );
}

start();
