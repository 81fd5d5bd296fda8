/**
 * `npm run layerlab -- -c '<commands>'` or `npm run layerlab -- script.sh`: the
 * same shell and engine as the page, in Node. The host filesystem is the directory
 * the command was started from (npm's INIT_CWD), confined to it; the engine's
 * store lives in memory for the run, and bundled images are pulled on demand.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bindApi } from '../src/engine/api';
import { Engine } from '../src/engine/engine';
import { createMemoryStore } from '../src/engine/store/memory';
import { hostDirView } from '../src/cli/hostDir';
import { containerApplets, hostCommands } from '../src/shell/commands';
import { SUBCOMMANDS } from '../src/shell/commands/docker';
import { Session } from '../src/shell/session';

const args = process.argv.slice(2);
const cwd = process.env.INIT_CWD ?? process.cwd();
let script: string;
if (args[0] === '-c' && args.length >= 2) script = args[1];
else if (args.length === 1 && args[0] !== '-h' && args[0] !== '--help') script = readFileSync(resolve(cwd, args[0]), 'utf8');
else {
  process.stderr.write("usage: npm run layerlab -- -c '<commands>'   or   npm run layerlab -- script.sh\n");
  process.exit(2);
}

const engine = await Engine.open(createMemoryStore());
const session = await Session.open({
  engine, api: bindApi(engine), hostCommands, applets: containerApplets,
  dockerSubcommands: Object.keys(SUBCOMMANDS), host: { view: hostDirView(cwd), home: '/' },
});
session.attach({ write: (t) => process.stdout.write(t), writeErr: (t) => process.stderr.write(t) });
await session.submit(script);
process.exitCode = session.status;
