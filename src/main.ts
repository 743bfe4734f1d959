/** Process entry: load the configuration named by AGGPROXY_CONFIG and serve. */
import { loadConfig } from './catalog/config.js';
import { createApp } from './server/app.js';

const config = loadConfig();
const app = createApp(config);
const server = app.express.listen(config.port, () => {
  app.logger.info({ port: config.port, engine: config.engine.url, datasets: Object.keys(config.datasets) }, 'aggproxy listening');
});
const stop = (): void => {
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
