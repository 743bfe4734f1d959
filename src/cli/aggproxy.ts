#!/usr/bin/env node
/**
 * The `aggproxy` command (package.json `bin`; `npx aggproxy`): serve, translate, explain. Runs from
 * dist/ with plain node after `npm run build`, or from src/ with tsx.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../catalog/config.js';
import { createApp } from '../server/app.js';
import { serve } from '../server/serve.js';
import { DIALECTS, translate, type DialectId, type TranslateOptions } from './translate.js';
import { printExplain } from './print-explain.js';
import { hashPasswordCommand } from './hash-password.js';

const readInput = (file: string): string => readFileSync(file === '-' ? 0 : file, 'utf8');

const header = (value: string, previous: Record<string, string> = {}): Record<string, string> => {
  const i = value.indexOf(':');
  if (i <= 0) throw new InvalidArgumentError('expected "Name: value"');
  return { ...previous, [value.slice(0, i).trim()]: value.slice(i + 1).trim() };
};

interface RequestFlags {
  dialect: DialectId;
  dataset: string;
  config?: string;
  engineUrl?: string;
  mapping?: string;
  timeField?: string;
  flavour?: 'opensearch' | 'elasticsearch';
  engineVersion?: string;
  header?: Record<string, string>;
  json?: boolean;
}

/** The options translate and explain share. */
function requestCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .argument('<file>', 'the request body as the client sends it (GraphQL: the document or {query, variables}); - reads stdin')
    .addOption(new Option('-d, --dialect <dialect>', 'the request dialect').choices(DIALECTS).makeOptionMandatory())
    .requiredOption('-s, --dataset <name>', 'the dataset (entity, data source) the request reads')
    .option('-c, --config <file>', 'configuration file (datasets, limits, engine); default: the dataset is the index of the same name')
    .option('-e, --engine-url <url>', 'the engine (default: the configuration\'s, else http://127.0.0.1:19200)')
    .option('--time-field <field>', 'the dataset\'s time field, without --config (Druid needs one)')
    .option('-H, --header <header>', 'a request header, "Name: value" (credentials when auth is on); repeatable', header)
    .option('--json', 'print the whole explain document as JSON');
}

async function runRequest(flags: RequestFlags, file: string, runProbes: boolean): Promise<void> {
  const o: TranslateOptions = {
    dialect: flags.dialect,
    dataset: flags.dataset,
    body: readInput(file),
    runProbes,
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(flags.engineUrl ? { engineUrl: flags.engineUrl } : {}),
    ...(flags.mapping ? { mappingFile: flags.mapping } : {}),
    ...(flags.timeField ? { timeField: flags.timeField } : {}),
    ...(flags.flavour ? { flavour: flags.flavour } : {}),
    ...(flags.engineVersion ? { engineVersion: flags.engineVersion } : {}),
    ...(flags.header ? { headers: flags.header } : {}),
  };
  const r = await translate(o);
  if (r.status !== 200) {
    process.stderr.write(`${flags.dialect} answered ${r.status}:\n${typeof r.body === 'string' ? r.body : JSON.stringify(r.body, null, 2)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(flags.json ? JSON.stringify(r.body, null, 2) + '\n' : printExplain(r.body));
}

export function program(): Command {
  const p = new Command('aggproxy')
    .description('Answer foreign aggregation dialects (Relevance AI, Nue GraphQL, Shopware DAL, Druid, Opendatasoft) on Elasticsearch / OpenSearch')
    .version('0.1.0');

  p.command('serve')
    .description('serve the proxy on the configuration file (SIGTERM/SIGINT drain the requests in flight, then exit)')
    .option('-c, --config <file>', 'configuration file (default: $AGGPROXY_CONFIG)')
    .option('-p, --port <port>', 'port (default: $PORT, else the configuration\'s, else 8080)')
    .option('-e, --engine-url <url>', 'the engine (default: $AGGPROXY_ENGINE_URL, else the configuration\'s)')
    .action(async (f: { config?: string; port?: string; engineUrl?: string }) => {
      const env = { ...process.env, ...(f.config ? { AGGPROXY_CONFIG: f.config } : {}), ...(f.port ? { PORT: f.port } : {}), ...(f.engineUrl ? { AGGPROXY_ENGINE_URL: f.engineUrl } : {}) };
      const config = loadConfig(env);
      const app = createApp(config);
      await serve(app, { port: config.port });
      app.logger.info({ port: config.port, engine: config.engine.url, datasets: Object.keys(config.datasets) }, 'aggproxy listening');
    });

  p.addCommand(
    requestCommand('translate', 'print the engine requests and notes a dialect request compiles to, without running anything')
      .option('-m, --mapping <file>', 'the index mapping (GET /<index>/_mapping output, or {"properties": ...}): no engine needed')
      .addOption(new Option('--flavour <flavour>', 'with --mapping: the engine to compile for').choices(['opensearch', 'elasticsearch']).default('opensearch'))
      .option('--engine-version <version>', 'with --mapping: its version (default 2.19.5 / 8.19.7)')
      .action((file: string, flags: RequestFlags) => runRequest(flags, file, false)),
  );
  p.addCommand(
    requestCommand('explain', 'like translate, on the engine: runs the probe stages only (what ?explain=true runs), then prints the requests')
      .action((file: string, flags: RequestFlags) => runRequest(flags, file, true)),
  );
  p.command('hash-password')
    .description('print the bcrypt hash of a password read from stdin, for a user\'s passwordHash in the auth configuration')
    .option('--cost <rounds>', 'bcrypt cost factor (10 to 15)', '12')
    .action(hashPasswordCommand);
  return p;
}

program()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`aggproxy: ${(e as Error).message}\n`);
    process.exit(1);
  });
