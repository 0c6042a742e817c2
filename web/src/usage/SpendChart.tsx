import { useTranslation } from "react-i18next";
import { Bar as RBar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat } from "../i18n/format";
import type { Bar } from "./model";

/**
 * One plot of spend with the same numbers as a table (in a <details>) for screen readers and for
 * anyone who wants them exact: the picture is a summary, the table is the record.
 */
export function SpendChart({
  id,
  title,
  bars,
  keyHeader,
  vertical = false,
}: {
  id: string;
  title: string;
  bars: Bar[];
  keyHeader: string;
  /** Long names (pipelines, agents, models) read better on horizontal bars. */
  vertical?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = bars.reduce((sum, b) => sum + b.amount, 0);
  const height = vertical ? Math.max(120, bars.length * 36 + 40) : 220;
  return (
    <section className="spend-chart" aria-labelledby={`${id}-title`} data-chart={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {bars.length === 0 ? (
        <p className="muted">{t("usage.noSpendInRange")}</p>
      ) : (
        <>
          <div role="img" aria-label={t("usage.chartSummary", { title, total: format.won(total) })}>
            <BarChart
              accessibilityLayer={false}
              responsive
              style={{ width: "100%", height }}
              data={bars}
              layout={vertical ? "vertical" : "horizontal"}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={vertical} horizontal={!vertical} />
              {vertical ? (
                <>
                  <XAxis type="number" tickFormatter={(v: number) => format.won(v)} />
                  <YAxis type="category" dataKey="label" width={160} />
                </>
              ) : (
                <>
                  <XAxis dataKey="label" interval="preserveStartEnd" />
                  <YAxis tickFormatter={(v: number) => format.won(v)} width={80} />
                </>
              )}
              <Tooltip formatter={(v) => format.won(Number(v))} labelFormatter={(l) => String(l)} />
              <RBar dataKey="amount" name={t("usage.spent")} fill="#3b6fd8" isAnimationActive={false} />
            </BarChart>
          </div>
          <details>
            <summary>{t("usage.showTable", { title })}</summary>
            <table className="spend-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{keyHeader}</th>
                  <th scope="col" className="number">{t("usage.spent")}</th>
                  <th scope="col" className="number">{t("usage.calls")}</th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.key ?? "none"} data-key={b.key ?? ""} data-amount={b.amount}>
                    <th scope="row">{b.label}</th>
                    <td className="number">{format.won(b.amount)}</td>
                    <td className="number">{format.number(b.calls)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
