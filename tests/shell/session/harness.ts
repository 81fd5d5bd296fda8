/** A session over a fresh engine, with its output captured per submitted line. */
import { bindApi } from '../../../src/engine/api';
import { containerApplets, hostCommands } from '../../../src/shell/commands';
import { Session } from '../../../src/shell/session';
import { newEngine } from '../../engine/helpers';

export async function sessionHarness() {
  const engine = await newEngine();
  const api = bindApi(engine);
  const session = await Session.open({ engine, api, hostCommands, applets: containerApplets });
  let out = '';
  session.attach({ write: (t) => void (out += t) });
  const run = async (line: string) => {
    out = '';
    await session.submit(line);
    return out;
  };
  return { engine, api, session, run };
}
