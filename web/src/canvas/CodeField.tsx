import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import CodeMirror, { Compartment, EditorView } from "@uiw/react-codemirror";
import { useEffect, useMemo, useRef } from "react";

/**
 * A small CodeMirror editor (bundled, no CDN) for a template, a CEL condition or JSON, labelled for
 * screen readers. Templates complete inside `{{…}}`; conditions complete `input.*` and `steps.*`.
 */
export function CodeField({
  value,
  onChange,
  label,
  describedBy,
  mode,
  completions = [],
  minHeight = "3.5em",
  invalid = false,
  readOnly = false,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  describedBy?: string;
  mode: "template" | "cel" | "json";
  completions?: string[];
  minHeight?: string;
  invalid?: boolean;
  readOnly?: boolean;
}) {
  // Read through a ref: the list changes with every edit of the graph, and new extensions would
  // reconfigure the editor and close an open completion list under the user's fingers.
  const completionsRef = useRef(completions);
  completionsRef.current = completions;
  // Whether the field is invalid changes as validation answers arrive, often while the user types
  // and a completion list is open: it lives in a compartment of its own, reconfigured alone, since
  // new extensions would close that list and the user's Enter would insert a line instead.
  const validity = useMemo(() => new Compartment(), []);
  const invalidRef = useRef(invalid);
  const viewRef = useRef<EditorView | null>(null);
  useEffect(() => {
    if (invalidRef.current === invalid) return;
    invalidRef.current = invalid;
    viewRef.current?.dispatch({ effects: validity.reconfigure(invalidAttribute(invalid)) });
  }, [invalid, validity]);
  const extensions = useMemo(() => {
    // tabindex: an editable area is focusable anyway; axe counts it only with the attribute, and
    // otherwise finds the scroller around it without keyboard access.
    const attrs: Record<string, string> = {
      "aria-label": label,
      "aria-multiline": "true",
      tabindex: "0",
    };
    if (describedBy) attrs["aria-describedby"] = describedBy;
    const list = [
      EditorView.contentAttributes.of(attrs),
      validity.of(invalidAttribute(invalidRef.current)),
      EditorView.lineWrapping,
    ];
    if (mode === "json") return [...list, json()];
    const source = (context: CompletionContext): CompletionResult | null => {
      if (mode === "template") {
        const before = context.matchBefore(/\{\{\s*[\w.]*$/);
        if (!before) return null;
        const word = /[\w.]*$/.exec(before.text)![0];
        return {
          from: context.pos - word.length,
          // Closes the reference unless the editor already closed it (typing {{ adds }}).
          options: completionsRef.current.map((c) => ({
            label: c,
            type: "variable",
            apply: (view: EditorView, _: unknown, from: number, to: number) => {
              const closed = view.state.sliceDoc(to, to + 2) === "}}";
              const insert = closed ? c : `${c}}}`;
              view.dispatch({
                changes: { from, to, insert },
                selection: { anchor: from + c.length + 2 },
              });
            },
          })),
          validFor: /^[\w.]*$/,
        };
      }
      const before = context.matchBefore(/[\w.]+$/);
      if (!before && !context.explicit) return null;
      return {
        from: before ? before.from : context.pos,
        options: completionsRef.current.map((c) => ({ label: c, type: "variable" })),
        validFor: /^[\w.]*$/,
      };
    };
    return [...list, autocompletion({ override: [source], activateOnTyping: true })];
  }, [mode, label, describedBy, validity]);
  return (
    <div className={`code-field${invalid ? " invalid" : ""}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        editable={!readOnly}
        readOnly={readOnly}
        extensions={extensions}
        onCreateEditor={(view) => {
          viewRef.current = view;
        }}
        minHeight={minHeight}
        maxHeight={mode === "json" ? "60vh" : "16em"}
        basicSetup={{
          lineNumbers: mode === "json",
          foldGutter: mode === "json",
          highlightActiveLine: false,
          highlightActiveLineGutter: false,
          autocompletion: false,
        }}
      />
    </div>
  );
}

const invalidAttribute = (invalid: boolean) =>
  EditorView.contentAttributes.of(invalid ? { "aria-invalid": "true" } : {});
