import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** A failed request in plain words: the problem's detail and every field error it lists. */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div role="alert" className="problem">
      <p>{problem?.detail ?? problem?.title ?? t("errors.generic")}</p>
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path + e.message}>
              {e.path ? <code>{e.path}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
