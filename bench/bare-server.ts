/** A bare Express server answering a fixed JSON body: the ceiling for cached-answer throughput. */
import express from 'express';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.argv[2] as string, 'utf8');
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.post(/.*/, (_req, res) => {
  res.type('application/json').send(body);
});
app.listen(Number(process.argv[3]), '127.0.0.1', () => console.log('ready'));
