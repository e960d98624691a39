/**
 * The Statistics view: attention over a photo set rather than one photo. Choose photos and models,
 * run the statistics or SKNet's scale experiment (progress, cancel, partial results kept), and read
 * plots — per-stage entropy and split weight, per-block histograms, the photo × block matrix
 * (a cell opens that photo's heatmaps), the scale curves per zoom. The plots are the shared SVG
 * figures of src/common/stats-figures.ts, exported as SVG or PNG; the data as JSON or CSV.
 */
import { useMemo, type MouseEvent } from 'react';
import { scaleFigures, statsFigures, type Figure } from '../../../src/common/stats-figures';
import { STATS_DEFINITIONS } from '../../../src/common/stats-definitions';
import { EmptyState } from '../components/EmptyState';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';
import {
  cancelRun,
  exportData,
  exportFigurePng,
  exportFigureSvg,
  openCell,
  runImages,
  runModels,
  startRun,
} from './stats-actions';
import { useStatsStore } from './stats-store';
import './stats.css';

function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

function RunBar() {
  const running = useStatsStore((s) => s.running);
  const zooms = useStatsStore((s) => s.zooms);
  const images = useImagesStore((s) => s.byId);
  const models = useModelsStore((s) => s.models);
  useStatsStore((s) => s.imageIds);
  useStatsStore((s) => s.modelIds);
  const chosenImages = runImages();
  const chosenModels = runModels();
  const samples = useImagesStore((s) => s.samples);
  const recent = useImagesStore((s) => s.recent);
  const allImages = [...samples, ...recent.filter((id) => !samples.includes(id))];
  return (
    <div className="stats-setup">
      <div className="stats-row">
        <span className="stats-label">Photos</span>
        <div className="stats-chips" data-testid="stats-photos">
          {allImages.map((id) => (
            <button
              key={id}
              className={chosenImages.includes(id) ? 'stats-chip on' : 'stats-chip'}
              aria-pressed={chosenImages.includes(id)}
              title={images[id]?.name}
              onClick={() => useStatsStore.getState().setImages(toggle(chosenImages, id))}
            >
              {images[id]?.thumbnail && <img src={images[id].thumbnail} alt="" />}
              {images[id]?.name}
            </button>
          ))}
        </div>
      </div>
      <div className="stats-row">
        <span className="stats-label">Models</span>
        <div className="stats-chips" data-testid="stats-models">
          {models.map((m) => (
            <button
              key={m.id}
              data-model={m.id}
              className={chosenModels.includes(m.id) ? 'stats-chip on' : 'stats-chip'}
              aria-pressed={chosenModels.includes(m.id)}
              onClick={() => useStatsStore.getState().setModels(toggle(chosenModels, m.id))}
            >
              {m.label}
              <span className={`stats-weights ${m.weights}`}>{m.weights}</span>
            </button>
          ))}
        </div>
      </div>
      <div className="stats-row">
        <button
          className="button primary"
          data-testid="stats-run"
          disabled={!!running}
          onClick={() => void startRun('stats')}
        >
          Run statistics
        </button>
        <label className="stats-zooms">
          zooms
          <input
            value={zooms}
            aria-label="zooms"
            onChange={(e) => useStatsStore.getState().setZooms(e.target.value)}
            spellCheck={false}
          />
        </label>
        <button className="button" data-testid="scale-run" disabled={!!running} onClick={() => void startRun('scale')}>
          Run scale experiment
        </button>
        {running && (
          <>
            <progress className="stats-progress" max={running.total || 1} value={running.done} />
            <span className="hint" data-testid="stats-progress">
              {running.done}/{running.total} {running.message ?? ''}
            </span>
            <button className="button" data-testid="stats-cancel" onClick={cancelRun}>
              Cancel
            </button>
          </>
        )}
        {!running && (
          <span className="hint">
            {chosenImages.length} photos × {chosenModels.length} models
          </span>
        )}
      </div>
    </div>
  );
}

function Definitions() {
  return (
    <details className="stats-definitions card">
      <summary>What the numbers mean</summary>
      <dl>
        {STATS_DEFINITIONS.map((d) => (
          <div key={d.term}>
            <dt>{d.term}</dt>
            <dd>{d.text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

const FIGURE_LABELS: Record<Figure['kind'], string> = {
  entropy: 'Entropy per block',
  'split-weight': 'Split weight per block',
  histogram: 'Distribution per block',
  matrix: 'Photo × block — click a cell for that photo’s heatmaps',
  scale: 'Scale experiment',
};

function FigureCard({ figure }: { figure: Figure }) {
  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const cell = (e.target as Element).closest('[data-photo]');
    if (!cell) return;
    void openCell(Number(cell.getAttribute('data-photo')), cell.getAttribute('data-block') ?? '');
  };
  return (
    <section className="card stats-figure" data-figure={figure.kind} data-testid={`figure-${figure.id}`}>
      <div className="card-head">
        <strong>{FIGURE_LABELS[figure.kind]}</strong>
        <span className="stats-export">
          <button
            className="button small"
            data-testid="export-svg"
            onClick={() => void exportFigureSvg(figure.id, figure.svg)}
          >
            SVG
          </button>
          <button className="button small" onClick={() => void exportFigurePng(figure.id, figure.svg)}>
            PNG
          </button>
        </span>
      </div>
      <div className="stats-svg" onClick={onClick} dangerouslySetInnerHTML={{ __html: figure.svg }} />
    </section>
  );
}

export function StatisticsView() {
  const theme = useViewStore((s) => s.theme);
  const stats = useStatsStore((s) => s.stats);
  const scale = useStatsStore((s) => s.scale);
  const model = useStatsStore((s) => s.model);
  const models = useModelsStore((s) => s.models);
  const figures = useMemo(
    () => [...(stats ? statsFigures(stats, theme) : []), ...(scale ? scaleFigures(scale, theme) : [])],
    [stats, scale, theme],
  );
  const figureModels = [...new Set(figures.map((f) => f.model))];
  const shown = model && figureModels.includes(model) ? model : figureModels[0];
  if (!models.length) return <EmptyState title="No models listed" commandIds={['model.open']} />;
  return (
    <div className="stats-view" data-testid="statistics-view">
      <RunBar />
      <div className="stats-body">
        <Definitions />
        {(stats || scale) && (
          <div className="toolbar stats-toolbar">
            <nav className="tabs" aria-label="models">
              {figureModels.map((m) => (
                <button
                  key={m}
                  className={m === shown ? 'tab active' : 'tab'}
                  onClick={() => useStatsStore.getState().setModel(m)}
                >
                  {m}
                </button>
              ))}
            </nav>
            {stats && (
              <>
                <button className="button small" onClick={() => exportData('stats', 'json')}>
                  Stats JSON
                </button>
                <button className="button small" onClick={() => exportData('stats', 'csv')}>
                  Stats CSV
                </button>
              </>
            )}
            {scale && (
              <>
                <button className="button small" onClick={() => exportData('scale', 'json')}>
                  Scale JSON
                </button>
                <button className="button small" onClick={() => exportData('scale', 'csv')}>
                  Scale CSV
                </button>
              </>
            )}
          </div>
        )}
        {stats && !stats.complete && (
          <p className="hint" data-testid="stats-partial">
            Partial results: the run was cancelled after {stats.done} of {stats.total} photo × model runs.
          </p>
        )}
        {!stats && !scale && (
          <p className="center-message">
            Run the statistics over the chosen photos to see how each block’s attention behaves in general, or the scale
            experiment to see whether SK paths prefer larger kernels as objects grow.
          </p>
        )}
        {(stats || scale) && !figures.length && (
          <p className="center-message">None of these models has attention blocks (plain ResNet/ResNeXt).</p>
        )}
        {figures
          .filter((f) => f.model === shown)
          .map((f) => (
            <FigureCard key={f.id} figure={f} />
          ))}
      </div>
    </div>
  );
}
