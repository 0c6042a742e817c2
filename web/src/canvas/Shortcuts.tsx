import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

const SHORTCUTS = [
  ["Ctrl+Z", "undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "redo"],
  ["Ctrl+C", "copy"],
  ["Ctrl+V", "paste"],
  ["Delete / Backspace", "delete"],
  ["Shift + drag", "multiSelect"],
  ["Tab, Enter", "keyboard"],
] as const;

/** The keyboard shortcuts, in a popover that Esc or a click elsewhere closes. */
export function Shortcuts() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);
  return (
    <div className="canvas-shortcuts" ref={box} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        ⌨ {t("canvas.shortcuts")}
      </button>
      {open && (
        <div id={id} className="popover" role="region" aria-label={t("canvas.shortcuts")}>
          <dl>
            {SHORTCUTS.map(([keys, what]) => (
              <div key={what}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{t(`canvas.shortcut.${what}`)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
