/** Process entry: load the configuration named by AGGPROXY_CONFIG and serve (SIGTERM/SIGINT drain and exit). */
import { loadConfig } from './catalog/config.js';
import { createApp } from './server/app.js';
import { serve } from './server/serve.js';

const config = loadConfig();
const app = createApp(config);
await serve(app, { port: config.port });
app.logger.info({ port: config.port, engine: config.engine.url, datasets: Object.keys(config.datasets) }, 'aggproxy listening');
