import { useEffect, useState } from 'react';
import { boot, type Booted } from './boot';
import { ImagesPanel } from './ImagesPanel';
import { PreviewPane } from './PreviewPane';
import { TerminalPane } from './terminal/TerminalPane';

export function App() {
  const [booted, setBooted] = useState<Booted | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    boot().then(setBooted, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <div className="app" data-testid="app">
      <header className="app-header">
        <span className="logo" aria-hidden="true">▤</span>
        <h1>Layerlab</h1>
        <span className="tagline">Docker images, layer by layer, in your browser</span>
        <span className="status" data-testid="storage-status">
          {error ? 'storage unavailable' : booted ? (booted.persisted ? 'storage: persistent' : 'storage: best-effort') : 'opening storage…'}
        </span>
      </header>
      {error && (
        <div role="alert" className="error" data-testid="boot-error">
          Layerlab could not open its storage: {error}
        </div>
      )}
      {booted && (
        <main className="app-main">
          <section className="pane pane-terminal" aria-label="Terminal">
            <TerminalPane session={booted.session} />
          </section>
          <aside className="pane pane-side">
            <PreviewPane api={booted.api} />
            <ImagesPanel engine={booted.engine} />
          </aside>
        </main>
      )}
    </div>
  );
}
