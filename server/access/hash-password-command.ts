import { hashPassword } from './secrets';

/**
 * `opswall hash-password` (`npm run hash-password`): prints the argon2id hash of a password for
 * `access.users[].password_hash`. It asks without echo on a terminal, or reads stdin (`printf '%s' "$PW" | …`);
 * the password itself is never written anywhere. Returns the exit code.
 */
export async function runHashPasswordCommand(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: npm run hash-password (it asks for the password, or reads it from stdin)\n');
    return 2;
  }
  const password = await readPassword();
  if (password.length < 8) {
    process.stderr.write('A password of at least 8 characters, please.\n');
    return 1;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let text = '';
    stdin.on('data', (key: string) => {
      if (key === '\u0003') process.exit(130); // Ctrl-C
      if (key === '\r' || key === '\n') { stdin.setRawMode(false); stdin.pause(); process.stderr.write('\n'); resolve(text); }
      else if (key === '\u007f') text = text.slice(0, -1);
      else text += key;
    });
  });
}
