import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { usageApi, type LimitView } from "./api";
import { parseAmount } from "./model";

/** The daily and monthly limits with what this day and month used; owners set them. */
export function SpendingLimitsPanel({ ws, canEdit }: { ws: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const limits = useQuery({ queryKey: ["credits", ws, "limits"], queryFn: () => usageApi.limits(ws) });
  const [editing, setEditing] = useState(false);
  const [daily, setDaily] = useState("");
  const [monthly, setMonthly] = useState("");
  const [invalid, setInvalid] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (body: { daily: number | null; monthly: number | null }) => usageApi.setLimits(ws, body),
    onSuccess: (status) => {
      client.setQueryData(["credits", ws, "limits"], status);
      setEditing(false);
    },
  });
  const startEditing = () => {
    setDaily(limits.data?.daily.limit?.toString() ?? "");
    setMonthly(limits.data?.monthly.limit?.toString() ?? "");
    setInvalid([]);
    save.reset();
    setEditing(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Empty means no limit; anything else must be an amount the server takes.
    const d = daily.trim() ? parseAmount(daily) : null;
    const m = monthly.trim() ? parseAmount(monthly) : null;
    const bad = [daily.trim() && d === null ? "daily" : "", monthly.trim() && m === null ? "monthly" : ""].filter(Boolean);
    setInvalid(bad);
    if (bad.length) return;
    save.mutate({ daily: d, monthly: m });
  };
  const row = (name: "daily" | "monthly", view: LimitView) => (
    <tr key={name} data-limit={name}>
      <th scope="row">{t(`usage.limits.${name}`)}</th>
      <td className="number">{view.limit === null ? t("usage.limits.none") : format.won(view.limit)}</td>
      <td className="number">{format.won(view.spent)}</td>
      <td className="number">{view.remaining === null ? "—" : format.won(view.remaining)}</td>
      <td>{format.date(view.resets_at)}</td>
    </tr>
  );
  return (
    <section className="usage-card" aria-labelledby="limits-title">
      <h2 id="limits-title">{t("usage.limits.title")}</h2>
      <ProblemMessage error={limits.error} />
      {limits.isPending && <p>{t("common.loading")}</p>}
      {limits.data && (
        <table className="limits-table">
          <caption className="visually-hidden">{t("usage.limits.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("usage.limits.period")}</th>
              <th scope="col" className="number">{t("usage.limits.limit")}</th>
              <th scope="col" className="number">{t("usage.limits.spent")}</th>
              <th scope="col" className="number">{t("usage.limits.remaining")}</th>
              <th scope="col">{t("usage.limits.resets")}</th>
            </tr>
          </thead>
          <tbody>
            {row("daily", limits.data.daily)}
            {row("monthly", limits.data.monthly)}
          </tbody>
        </table>
      )}
      {!canEdit && <p className="muted">{t("usage.limits.ownersOnly")}</p>}
      {canEdit && limits.data && !editing && (
        <button type="button" onClick={startEditing}>
          {t("usage.limits.edit")}
        </button>
      )}
      {canEdit && editing && (
        <form className="limits-form" onSubmit={submit}>
          <p className="muted">{t("usage.limits.emptyMeansNone")}</p>
          <label>
            {t("usage.limits.dailyInput")}
            <input
              inputMode="decimal"
              value={daily}
              onChange={(e) => setDaily(e.target.value)}
              aria-invalid={invalid.includes("daily")}
            />
          </label>
          <label>
            {t("usage.limits.monthlyInput")}
            <input
              inputMode="decimal"
              value={monthly}
              onChange={(e) => setMonthly(e.target.value)}
              aria-invalid={invalid.includes("monthly")}
            />
          </label>
          {invalid.length > 0 && (
            <p role="alert" className="problem">
              {t("usage.amountInvalid")}
            </p>
          )}
          <button type="submit" disabled={save.isPending}>
            {t("usage.limits.save")}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t("usage.limits.cancel")}
          </button>
          <ProblemMessage error={save.error} />
        </form>
      )}
    </section>
  );
}
