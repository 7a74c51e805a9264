import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A modal dialog for the keyboard: focus moves into it (to the element marked
 * `data-autofocus`, else the first control), Tab and Shift+Tab stay inside, Esc
 * does `onEscape`, and focus returns where it was when it closes.
 */
export function Dialog({
  title,
  role = 'dialog',
  onEscape,
  children,
  describedBy,
}: {
  title: string;
  role?: 'dialog' | 'alertdialog';
  onEscape: () => void;
  children: ReactNode;
  describedBy?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first =
      box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(box.current).at(0) ?? box.current;
    first?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onEscape();
      return;
    }
    // Shortcuts of the screen behind do not act through a modal dialog.
    if (e.ctrlKey || e.metaKey || e.altKey) e.stopPropagation();
    if (e.key !== 'Tab') return;
    const items = focusables(box.current);
    if (items.length === 0) return;
    const [first, last] = [items[0]!, items[items.length - 1]!];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="palette-overlay">
      <div
        ref={box}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        className="dialog"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

function focusables(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return [
    ...root.querySelectorAll<HTMLElement>('button:not([disabled]), input, select, textarea, [href], [tabindex="0"]'),
  ];
}
