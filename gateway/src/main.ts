import { runPart } from '@district/runtime';
import { readGatewayConfig } from './config.ts';
import { startGateway } from './server.ts';

await runPart({
  name: 'gateway',
  start: () => startGateway(readGatewayConfig()),
  started: (g) => `gateway ${g.url}/graphql (${g.graphiql ? `GraphiQL at ${g.url}/, ` : ''}workbench at ${g.url}/workbench)`,
});
