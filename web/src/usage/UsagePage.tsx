import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { useWorkspace } from "../workspaces/useWorkspace";
import { usageApi } from "./api";
import { GrantForm } from "./GrantForm";
import { Ledger } from "./Ledger";
import { SpendingLimitsPanel } from "./SpendingLimitsPanel";
import { SpendPlots } from "./SpendPlots";
import "./usage.css";

/**
 * The workspace's money: balance, spend plots, spending limits, grants and the ledger. Every member
 * reads it all; only owners grant and set limits (the server's rule, which the UI follows).
 */
export function UsagePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const isOwner = workspace?.role === "owner";
  const balance = useQuery({
    queryKey: ["credits", ws ?? "", "balance"],
    queryFn: () => usageApi.credits(ws!, new URLSearchParams({ limit: "1" })),
    enabled: !!ws,
  });
  const owners = useQuery({
    queryKey: ["members", ws ?? ""],
    queryFn: () => usageApi.members(ws!),
    enabled: !!ws && !isOwner,
  });
  const ownerNames = (owners.data ?? [])
    .filter((m) => m.role === "owner")
    .map((m) => m.name || m.email)
    .join(", ");
  if (!ws) return <main id="main" className="usage"><p>{t("common.loading")}</p></main>;
  return (
    <main id="main" className="usage">
      <h1>{t("usage.title")}</h1>
      <section className="usage-top">
        <div className="usage-card balance" aria-labelledby="balance-title">
          <h2 id="balance-title">{t("usage.balance")}</h2>
          <ProblemMessage error={balance.error} />
          {balance.isPending && <p>{t("common.loading")}</p>}
          {balance.data && (
            <>
              <p className="balance-amount" data-testid="balance" data-balance={balance.data.balance}>
                {format.won(balance.data.balance)}
              </p>
              {balance.data.reserved ? (
                <p className="muted">
                  {t("usage.reserved", {
                    reserved: format.won(balance.data.reserved),
                    available: format.won(balance.data.available ?? balance.data.balance),
                  })}
                </p>
              ) : null}
            </>
          )}
          {isOwner ? (
            <GrantForm ws={ws} />
          ) : (
            <p className="muted">{t("usage.grantOwnersOnly", { owners: ownerNames || t("usage.theOwners") })}</p>
          )}
        </div>
        <SpendingLimitsPanel ws={ws} canEdit={isOwner} />
      </section>
      <SpendPlots ws={ws} />
      <Ledger ws={ws} />
    </main>
  );
}
