import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * An inline confirmation (like the history's cancel): the question, 예 and 아니요; focus goes to
 * 아니요 first so that Enter pressed twice does not destroy anything, Esc answers no.
 */
export function Confirm({
  question,
  yes,
  busy,
  onYes,
  onNo,
  openerId,
}: {
  question: string;
  yes: string;
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
  /** The button that asked, given focus back when the question goes (it was replaced by it). */
  openerId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const no = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    no.current?.focus();
    return () => {
      if (openerId) document.getElementById(openerId)?.focus();
    };
  }, [openerId]);
  return (
    <div
      role="alertdialog"
      aria-label={question}
      aria-describedby={id}
      className="settings-confirm"
      onKeyDown={(e) => e.key === "Escape" && onNo()}
    >
      <p id={id}>{question}</p>
      <button type="button" className="danger" onClick={onYes} disabled={busy}>
        {busy ? t("settings.working") : yes}
      </button>
      <button type="button" className="secondary" ref={no} onClick={onNo}>
        {t("settings.no")}
      </button>
    </div>
  );
}

/** Why a control is disabled, tied to it by aria-describedby. */
export function ReadOnlyNote({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="settings-readonly" role="note">
      {text}
    </p>
  );
}
