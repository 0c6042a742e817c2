import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeField } from "./CodeField";

/**
 * JSON edited as text: applied (onChange) only while it parses, the parse error shown otherwise.
 * A change from elsewhere (undo, the other view) replaces the text.
 */
export function JsonField({
  value,
  onChange,
  label,
  minHeight,
  validate,
  readOnly = false,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  label: string;
  minHeight?: string;
  /** A shape check after parsing: the problem in words, or null. */
  validate?: (value: unknown) => string | null;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const errorId = useId();
  const external = value === undefined ? "" : JSON.stringify(value, null, 2);
  const [text, setText] = useState(external);
  const [error, setError] = useState<string | null>(null);
  const applied = useRef(external);
  useEffect(() => {
    if (external !== applied.current) {
      applied.current = external;
      setText(external);
      setError(null);
    }
  }, [external]);

  const edit = (next: string) => {
    setText(next);
    if (next.trim() === "" && !validate) {
      setError(null);
      applied.current = "";
      onChange(undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    const problem = validate?.(parsed) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    applied.current = JSON.stringify(parsed, null, 2);
    onChange(parsed);
  };

  return (
    <div className="json-field">
      <CodeField
        value={text}
        onChange={edit}
        label={label}
        mode="json"
        minHeight={minHeight}
        invalid={!!error}
        readOnly={readOnly}
        describedBy={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {t("canvas.jsonError", { error })}
        </p>
      )}
    </div>
  );
}
