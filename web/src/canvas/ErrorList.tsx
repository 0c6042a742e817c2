import type { PinnedError } from "./model";

export function ErrorList({ errors }: { errors: PinnedError[] }) {
  return (
    <ul className="canvas-errors">
      {errors.map((e) => (
        <li key={e.path + e.message}>
          <code>{e.path || "/"}</code> {e.message}
        </li>
      ))}
    </ul>
  );
}

