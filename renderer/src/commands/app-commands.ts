/**
 * The app's commands, registered once: open photo/model, run, export SVG, theme, views, search,
 * expand/collapse. The top bar, the empty states and the keyboard all run these objects.
 */
import * as actions from '../app/actions';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';
import { blockNames, stepBlock } from '../lib/block-order';
import { CommandRegistry } from './registry';

/** Hidden file inputs rendered once by the app (ids are the contract with these commands). */
export const IMAGE_INPUT_ID = 'open-image-input';
export const MODEL_INPUT_ID = 'open-model-input';

const clickInput = (id: string) => document.getElementById(id)?.click();
const view = () => useViewStore.getState();
const diagramModel = () => {
  const id = view().diagramModelId;
  return id && useModelsStore.getState().models.some((m) => m.id === id) ? id : undefined;
};

function selectStep(step: number): void {
  const names = blockNames(useModelsStore.getState().analyses[diagramModel()!]);
  const next = stepBlock(names, view().selectedBlock, step);
  if (next) view().select(next);
}

export const commands = new CommandRegistry().register(
  { id: 'image.open', title: 'Open photo…', shortcut: 'Ctrl+O', run: () => clickInput(IMAGE_INPUT_ID) },
  { id: 'model.open', title: 'Open model…', shortcut: 'Ctrl+Shift+O', run: () => clickInput(MODEL_INPUT_ID) },
  {
    id: 'predict.run',
    title: 'Run all models',
    shortcut: 'Ctrl+Enter',
    enabled: () => Boolean(useImagesStore.getState().currentId) && useModelsStore.getState().models.length > 0,
    run: () => actions.runAll(true),
  },
  {
    id: 'diagram.export',
    title: 'Export SVG',
    shortcut: 'Ctrl+E',
    enabled: () => Boolean(diagramModel()),
    run: () => actions.exportSvg(diagramModel()!),
  },
  {
    id: 'theme.toggle',
    title: 'Toggle dark/light theme',
    shortcut: 'Ctrl+Shift+L',
    run: () => view().setTheme(view().theme === 'dark' ? 'light' : 'dark'),
  },
  { id: 'view.compare', title: 'Compare', shortcut: 'Ctrl+1', run: () => view().setView('compare') },
  { id: 'view.diagram', title: 'Diagram', shortcut: 'Ctrl+2', run: () => view().setView('diagram') },
  { id: 'view.attention', title: 'Attention', shortcut: 'Ctrl+3', run: () => view().setView('attention') },
  { id: 'view.playground', title: 'Playground', shortcut: 'Ctrl+4', run: () => view().setView('playground') },
  { id: 'view.statistics', title: 'Statistics', shortcut: 'Ctrl+5', run: () => view().setView('statistics') },
  {
    id: 'search.focus',
    title: 'Find a block or op',
    shortcut: '/',
    run: () => {
      if (view().view === 'compare') view().setView('diagram');
      view().focusSearch();
    },
  },
  {
    id: 'block.toggle',
    title: 'Expand or collapse the selected block',
    shortcut: 'E',
    enabled: () => Boolean(diagramModel() && view().selectedBlock && view().view === 'diagram'),
    run: () => actions.toggleExpand(diagramModel()!, view().selectedBlock!),
  },
  {
    id: 'diagram.expandAll',
    title: 'Expand all blocks into ops',
    shortcut: 'Ctrl+Shift+E',
    enabled: () => Boolean(diagramModel()),
    run: () => actions.expandAll(diagramModel()!),
  },
  {
    id: 'diagram.collapseAll',
    title: 'Collapse all blocks',
    enabled: () => Boolean(diagramModel() && view().expanded[diagramModel()!]?.length),
    run: () => view().setExpanded(diagramModel()!, []),
  },
  {
    id: 'block.next',
    title: 'Select the next block',
    shortcut: 'ArrowDown',
    enabled: () => Boolean(diagramModel() && view().view !== 'compare'),
    run: () => selectStep(1),
  },
  {
    id: 'block.previous',
    title: 'Select the previous block',
    shortcut: 'ArrowUp',
    enabled: () => Boolean(diagramModel() && view().view !== 'compare'),
    run: () => selectStep(-1),
  },
  { id: 'help.shortcuts', title: 'Show keyboard shortcuts', shortcut: '?', run: () => view().setShortcutsOpen(true) },
  {
    id: 'block.collapse',
    title: 'Collapse the block (or close, clear search)',
    shortcut: 'Escape',
    inInputs: true,
    run: () => {
      const v = view();
      if (v.shortcutsOpen) return v.setShortcutsOpen(false);
      if (v.search) return v.setSearch('');
      const id = diagramModel();
      if (id && v.view === 'diagram') actions.collapse(id);
    },
  },
);
