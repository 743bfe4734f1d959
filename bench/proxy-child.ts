/**
 * The proxy as a child process with bench/loop-delay.ts preloaded and an IPC channel to ask it for
 * its event-loop delay; optionally under `--cpu-prof` (the profile is written when it exits).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoopDelay } from './loop-delay.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

export interface ProxyChild {
  readonly pid: number;
  resetLoopDelay(): Promise<void>;
  loopDelay(): Promise<LoopDelay>;
  stop(): Promise<void>;
}

export async function startProxy(configPath: string, port: number, cpuProfDir?: string): Promise<ProxyChild> {
  const prof = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', '--import', `${repo}bench/loop-delay.ts`, `${repo}src/main.ts`], {
    env: { ...process.env, AGGPROXY_CONFIG: configPath, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = <T>(msg: string, key: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`proxy did not answer '${msg}' in 60 s`)), 60_000);
      const on = (m: unknown): void => {
        if (typeof m === 'object' && m !== null && key in m) {
          clearTimeout(timer);
          child.off('message', on);
          resolve((m as Record<string, T>)[key] as T);
        }
      };
      child.on('message', on);
      child.send(msg);
    });
  const handle: ProxyChild = {
    pid: child.pid as number,
    resetLoopDelay: () => ask<boolean>('reset', 'reset').then(() => undefined),
    loopDelay: () => ask<LoopDelay>('report', 'report'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGINT: the proxy closes its server and exits, so --cpu-prof gets to write its profile
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      }),
  };
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return handle;
    } catch {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('the proxy did not start');
}
