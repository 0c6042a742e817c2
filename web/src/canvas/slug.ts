/** A pipeline slug from its name: lower-case latin letters, digits and `_`, or a dated default. */
export function slugOf(name: string, now = Date.now()): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 64);
  return s || `pipeline_${now.toString(36)}`;
}

