/**
 * Page start-up: open the IndexedDB store, ask the browser to keep it (so a
 * learner's images survive storage pressure), and open the engine. The engine is
 * also reachable as `window.layerlab` for teachers' automation and for tests.
 */
import { bindApi, type LayerlabApi } from '../engine/api';
import { Engine } from '../engine/engine';
import { openIdbStore } from '../engine/store/idb';
import { hostCommands, containerApplets } from '../shell/commands';
import { SUBCOMMANDS } from '../shell/commands/docker';
import { Session } from '../shell/session';

export interface Booted {
  engine: Engine;
  api: LayerlabApi;
  session: Session;
  persisted: boolean;
}

declare global {
  interface Window {
    layerlab?: Booted;
  }
}

export async function boot(): Promise<Booted> {
  const store = await openIdbStore({ name: 'layerlab' });
  let persisted = false;
  try {
    persisted = (await navigator.storage?.persist?.()) ?? false;
  } catch {
    // Some browsers refuse without a user gesture; the store still works, just evictable.
  }
  const engine = await Engine.open(store);
  const api = bindApi(engine);
  const session = await Session.open({ engine, api, hostCommands, applets: containerApplets, dockerSubcommands: [...Object.keys(SUBCOMMANDS), 'container', 'image'] });
  const booted = { engine, api, session, persisted };
  window.layerlab = booted;
  return booted;
}
