import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useMemo, useRef } from "react";

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
  const extensions = useMemo(() => {
    // tabindex: an editable area is focusable anyway; axe counts it only with the attribute, and
    // otherwise finds the scroller around it without keyboard access.
    const attrs: Record<string, string> = {
      "aria-label": label,
      "aria-multiline": "true",
      tabindex: "0",
    };
    if (describedBy) attrs["aria-describedby"] = describedBy;
    if (invalid) attrs["aria-invalid"] = "true";
    const list = [EditorView.contentAttributes.of(attrs), EditorView.lineWrapping];
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
  }, [mode, label, describedBy, invalid]);
  return (
    <div className={`code-field${invalid ? " invalid" : ""}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        editable={!readOnly}
        readOnly={readOnly}
        extensions={extensions}
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
