import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { usageApi } from "./api";
import { parseAmount } from "./model";

/** Owners add credits to the workspace; the ledger records who and why. */
export function GrantForm({ ws }: { ws: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [amount, setAmount] = useState("");
  const [description, setDescription] = useState("");
  const [invalid, setInvalid] = useState(false);
  const grant = useMutation({
    mutationFn: (body: { amount: number; description?: string }) => usageApi.grant(ws, body),
    onSuccess: () => {
      setAmount("");
      setDescription("");
      void client.invalidateQueries({ queryKey: ["credits", ws] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = parseAmount(amount);
    setInvalid(value === null);
    if (value === null) return;
    grant.mutate({ amount: value, ...(description.trim() ? { description: description.trim() } : {}) });
  };
  return (
    <form className="grant-form" onSubmit={submit} aria-labelledby="grant-title">
      <h3 id="grant-title">{t("usage.grantTitle")}</h3>
      <label>
        {t("usage.grantAmount")}
        <input
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={invalid}
          aria-describedby={invalid ? "grant-amount-error" : undefined}
          required
        />
      </label>
      {invalid && (
        <p id="grant-amount-error" role="alert" className="problem">
          {t("usage.amountInvalid")}
        </p>
      )}
      <label>
        {t("usage.grantDescription")}
        <input value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" disabled={grant.isPending}>
        {grant.isPending ? t("usage.granting") : t("usage.grant")}
      </button>
      <ProblemMessage error={grant.error} />
      {grant.isSuccess && (
        <p role="status" className="ok">
          {t("usage.granted", { amount: format.won(grant.data.amount) })}
        </p>
      )}
    </form>
  );
}
