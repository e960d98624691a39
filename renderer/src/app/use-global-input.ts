/**
 * Window-level input: keyboard shortcuts through the command registry, pasted images, and files
 * dropped anywhere on the window (photos open as the current image, `.onnx` files as models).
 */
import { useEffect, useState } from 'react';
import { commands } from '../commands/app-commands';
import { isMac } from '../commands/shortcuts';
import { openFiles } from './actions';

/** Inputs nobody types into: shortcuts keep working while one has focus (a ticked checkbox). */
const UNTYPED_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color']);

function inTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  if (el.tagName === 'INPUT') return !UNTYPED_INPUTS.has((el as HTMLInputElement).type);
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function useGlobalInput(): { dragging: boolean } {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commands.forKey(e, inTextField(e.target), isMac);
      if (!cmd) return;
      e.preventDefault();
      void commands.run(cmd.id);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (inTextField(e.target)) return;
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length) {
        e.preventDefault();
        void openFiles(files);
      }
    };
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      void openFiles(files);
    };
    const listeners = {
      keydown: onKey,
      paste: onPaste,
      dragenter: onEnter,
      dragleave: onLeave,
      dragover: onOver,
      drop: onDrop,
    } satisfies { [K in keyof WindowEventMap]?: (e: WindowEventMap[K]) => void };
    const on = Object.entries(listeners) as [string, EventListener][];
    for (const [type, listener] of on) window.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of on) window.removeEventListener(type, listener);
    };
  }, []);
  return { dragging };
}
