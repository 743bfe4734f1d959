/**
 * `aggproxy hash-password`: the bcrypt hash of a password, for a user's `passwordHash` in the auth
 * configuration. The password is read from stdin (never an argument: arguments show in process
 * lists and shell history); on a terminal it is asked for without echo.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword } from '../auth/sessions.js';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('password: ');
    // a muted output: readline echoes what is typed to its output, here to nowhere
    const muted = new Writable({ write: (_chunk, _enc, done) => done() });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    const line = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stderr.write('\n');
    return line;
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // one trailing newline is the shell's (`echo`), not the password's
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function hashPasswordCommand(flags: { cost: string }): Promise<void> {
  const cost = Number(flags.cost);
  if (!Number.isInteger(cost) || cost < 10 || cost > 15) throw new Error('--cost must be an integer from 10 to 15');
  const password = await readPassword();
  if (password.length === 0) throw new Error('empty password');
  process.stdout.write(`${await hashPassword(password, cost)}\n`);
}
