// `npm run sim -- --script FILE`: runs a console script in Node over the engine itself and prints
// the transcript the page's terminal prints for `source FILE`. Exit status 1 when a command
// failed or an `expect` did not hold.
import { Console } from './console.ts';
import { LabSession } from './lab-session.ts';

export async function runScriptFile(file: string): Promise<number> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`sim: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const dir = path.dirname(file);
  const session = await LabSession.create({
    files: {
      // Exports land in the working directory; `source` reads relative to the script.
      write: (name, data) => {
        fs.writeFileSync(name, data);
        return name;
      },
      read: (name) => {
        try {
          return fs.readFileSync(path.resolve(dir, name), 'utf8');
        } catch (e) {
          throw new Error(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
            cause: e,
          });
        }
      },
    },
  });
  const r = await new Console(session).script(text);
  await new Promise<void>((res) => process.stdout.write(r.lines.join('\n') + '\n', () => res()));
  return r.failed > 0 ? 1 : 0;
}
