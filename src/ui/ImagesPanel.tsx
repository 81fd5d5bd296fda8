import { useCallback, useEffect, useState } from 'react';
import type { Engine, ImageSummary } from '../engine/engine';
import { allContainers } from '../engine/containers';
import { humanSize } from '../engine/format/units';
import { shortId } from '../engine/format/ids';
import type { ContainerRecord } from '../engine/types';

/** Images and containers as the engine has them: real IDs and sizes from the store. */
export function ImagesPanel({ engine }: { engine: Engine }) {
  const [images, setImages] = useState<ImageSummary[]>([]);
  const [containers, setContainers] = useState<ContainerRecord[]>([]);

  const refresh = useCallback(async () => {
    setImages(await engine.listImages());
    setContainers(await allContainers(engine));
  }, [engine]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), 2000);
    return () => clearInterval(t);
  }, [refresh]);

  return (
    <section className="panel" data-testid="layer-panel" aria-label="Images and containers">
      <h2>Images</h2>
      {images.length === 0 ? (
        <p className="empty" data-testid="images-empty">No images in this browser yet.</p>
      ) : (
        <table data-testid="images-table">
          <thead>
            <tr><th>Repository:tag</th><th>Image ID</th><th>Layers</th><th>Size</th></tr>
          </thead>
          <tbody>
            {images.map((i) => (
              <tr key={i.id} data-image-id={i.id}>
                <td>{i.tags.length ? i.tags.join(', ') : '<none>:<none>'}</td>
                <td className="mono">{shortId(i.id)}</td>
                <td>{i.layers}</td>
                <td>{humanSize(i.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Containers</h2>
      {containers.length === 0 ? (
        <p className="empty">No containers.</p>
      ) : (
        <table data-testid="containers-table">
          <thead>
            <tr><th>Name</th><th>Container ID</th><th>Image</th><th>State</th></tr>
          </thead>
          <tbody>
            {containers.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td className="mono">{c.id.slice(0, 12)}</td>
                <td>{c.imageRef}</td>
                <td>{c.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
