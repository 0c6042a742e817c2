// A text diff of two outputs (the `diff` package, line or word mode) as parts the page marks with
// <ins>/<del> and a + or − sign, so a change is told by more than its colour.
import { diffLines, diffWords } from "diff";

export type DiffMode = "lines" | "words";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export function textDiff(a: string, b: string, mode: DiffMode): DiffPart[] {
  const changes = mode === "lines" ? diffLines(a, b) : diffWords(a, b);
  return changes.map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/** Line mode shows one row per line, each with its sign. */
export function diffRows(parts: DiffPart[]): DiffPart[] {
  return parts.flatMap((p) => {
    const lines = p.text.endsWith("\n") ? p.text.slice(0, -1).split("\n") : p.text.split("\n");
    return lines.map((text) => ({ kind: p.kind, text }));
  });
}

/** How many lines (line mode) or words (word mode) were added and removed. */
export function diffCounts(parts: DiffPart[], mode: DiffMode): { added: number; removed: number } {
  const size = (p: DiffPart) =>
    mode === "lines" ? diffRows([p]).length : p.text.split(/\s+/).filter(Boolean).length;
  return {
    added: parts.filter((p) => p.kind === "added").reduce((n, p) => n + size(p), 0),
    removed: parts.filter((p) => p.kind === "removed").reduce((n, p) => n + size(p), 0),
  };
}
