// GraphiQL from the embedded copies of graphiql, react and react-dom (no CDN),
// opening with an example query and, when there is one, a token in its headers:
// the workspace's sign-in from this tab, else the development token.
/* global React, ReactDOM, GraphiQL */

const EXAMPLE = `# The regional safeguarding data hub's GraphQL API.
# An example: child death notifications for the five partnerships in 2024-25,
# ranked, with the regional median. Press the run button (or Ctrl-Enter).
# The Docs button lists every type and field; the benchmarking workspace is at /.
query ExampleBenchmark {
  benchmark(metric: "cdop.notifications", period: "2024-25") {
    metric { name better }
    regionalMedian
    rows { partnership value rank quartile suppressed flags }
  }
  me { authenticated name role }
}
`;

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
