import { useCallback, useEffect, useState } from 'react';
import type { LayerlabApi } from '../engine/api';
import { httpGet } from '../shell/web';

/**
 * What a browser on the host would see at localhost:PORT. The page is shown in a
 * sandboxed iframe without same-origin rights or scripts: container content never
 * runs as Layerlab's page script.
 */
export function PreviewPane({ api }: { api: LayerlabApi }) {
  const [ports, setPorts] = useState<number[]>([]);
  const [port, setPort] = useState<number | null>(null);
  const [doc, setDoc] = useState<{ html: string; caption: string } | null>(null);

  const refresh = useCallback(async () => {
    const running = (await api.containers()).filter((c) => c.state === 'running');
    const published = [...new Set(running.flatMap((c) => c.ports.map((p) => p.hostPort)))].sort((a, b) => a - b);
    setPorts(published);
    const target = port !== null && published.includes(port) ? port : published[0] ?? null;
    if (target !== port) setPort(target);
    if (target === null) {
      setDoc(null);
      return;
    }
    const res = await httpGet(api, target, '/');
    if (!res) setDoc({ html: '', caption: `localhost:${target}: connection refused` });
    else setDoc({ html: new TextDecoder().decode(res.body), caption: `localhost:${target} — ${res.status} ${res.statusText}${res.container ? ` from ${res.container}` : ''}` });
  }, [api, port]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), 1500);
    return () => clearInterval(t);
  }, [refresh]);

  return (
    <section className="panel preview" data-testid="preview" aria-label="Preview of published ports">
      <h2>
        Preview{' '}
        {ports.length > 1 && (
          <select aria-label="Port" value={port ?? ''} onChange={(e) => setPort(Number(e.target.value))}>
            {ports.map((p) => <option key={p} value={p}>localhost:{p}</option>)}
          </select>
        )}
      </h2>
      {doc ? (
        <>
          <p className="caption" data-testid="preview-caption">{doc.caption}</p>
          <iframe title="Preview" sandbox="" srcDoc={doc.html} data-testid="preview-frame" />
        </>
      ) : (
        <p className="empty">No published ports. Try <code>docker run -d -p 80:80 nginx</code>.</p>
      )}
    </section>
  );
}
