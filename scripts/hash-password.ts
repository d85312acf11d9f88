/**
 * Prints the argon2id hash of a password, for `access.users[].password_hash` in the config file:
 *   npm run hash-password            (asks for it, without echo)
 *   printf '%s' "$PW" | npm run hash-password --silent
 * The password itself is never written anywhere.
 */
import { hashPassword } from '../server/access';

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

const password = await readPassword();
if (password.length < 8) {
  console.error('A password of at least 8 characters, please.');
  process.exit(1);
}
console.log(await hashPassword(password));
