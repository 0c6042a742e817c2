// The canvas page's keys and leaving: shortcuts anywhere on the page, and a question before
// unsaved changes are left behind.
import { useEffect, type Dispatch } from "react";
import { useTranslation } from "react-i18next";
import type { Action } from "./model";

const editable = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function useShortcuts(dispatch: Dispatch<Action>, readOnly: boolean) {
  // Shortcuts anywhere on the page, except while typing in a field or with a dialog open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (editable(e.target) || document.querySelector("dialog[open]") || readOnly) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      const action =
        key === "z" && !e.shiftKey
          ? "undo"
          : (key === "z" && e.shiftKey) || key === "y"
            ? "redo"
            : key === "c"
              ? "copy"
              : key === "v"
                ? "paste"
                : null;
      if (!action) return;
      e.preventDefault();
      dispatch({ type: action });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly]);
}

export function useLeaveWarning(dirty: boolean) {
  const { t } = useTranslation();
  // Leaving with unsaved changes asks first: closing the tab, and following a link in the app.
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!link || link.getAttribute("href")?.startsWith("#")) return;
      if (!window.confirm(t("canvas.leaveConfirm"))) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, t]);
}
