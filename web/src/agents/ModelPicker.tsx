import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { usePricing, type ModelProvider } from "./api";
import { priceOf, SIMULATED } from "./form";

interface Props {
  provider: ModelProvider;
  model: string;
  onChange: (provider: ModelProvider, model: string) => void;
  disabled: boolean;
  errors: string[];
}

/**
 * The model as a choice from the price table in use (GET /api/pricing), each with what a million
 * tokens cost in ₩ (credits), plus the simulated model, which charges only the agent's cost per run.
 */
export function ModelPicker({ provider, model, onChange, disabled, errors }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const pricing = usePricing();
  const models = pricing.data?.models ?? [];
  const current = provider === "simulated" ? undefined : priceOf(models, model);
  const chosen = (p: ModelProvider, m: string) =>
    p === "simulated" ? provider === "simulated" : current?.model === m;
  const known = provider === "simulated" || current !== undefined;

  return (
    <fieldset className="model-picker" aria-describedby="model-errors">
      <legend>{t("agents.form.model")}</legend>
      <p className="hint">{t("agents.form.modelHint")}</p>
      <ProblemMessage error={pricing.error} />
      {pricing.isPending && <p>{t("common.loading")}</p>}
      {!known && (
        <p className="hint">{t("agents.form.modelNotInTable", { provider, model })}</p>
      )}
      {pricing.data && (
        // A scroll box only while its radios can take the focus (to scroll it by keyboard); a viewer,
        // whose radios are disabled, sees the whole table.
        <div className={disabled ? "model-table-wrap whole" : "model-table-wrap"}>
          <table className="model-table">
            <caption className="visually-hidden">{t("agents.form.priceCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("agents.form.choose")}</th>
                <th scope="col">{t("agents.provider")}</th>
                <th scope="col">{t("agents.model")}</th>
                <th scope="col" className="number">{t("agents.form.inputPrice")}</th>
                <th scope="col" className="number">{t("agents.form.outputPrice")}</th>
              </tr>
            </thead>
            <tbody>
              <tr className={chosen("simulated", SIMULATED) ? "chosen" : ""}>
                <td>
                  <input
                    type="radio"
                    name="model"
                    id="model-simulated"
                    checked={chosen("simulated", SIMULATED)}
                    disabled={disabled}
                    onChange={() => onChange("simulated", SIMULATED)}
                  />
                </td>
                <td>{t("agents.providers.simulated")}</td>
                <td>
                  <label htmlFor="model-simulated">{SIMULATED}</label>
                </td>
                <td className="number" colSpan={2}>
                  {t("agents.form.simulatedPrice")}
                </td>
              </tr>
              {models.map((m) => (
                <tr key={m.model} className={chosen(m.provider, m.model) ? "chosen" : ""}>
                  <td>
                    <input
                      type="radio"
                      name="model"
                      id={`model-${m.model}`}
                      checked={chosen(m.provider, m.model)}
                      disabled={disabled}
                      onChange={() => onChange(m.provider, m.model)}
                    />
                  </td>
                  <td>{t(`agents.providers.${m.provider}`)}</td>
                  <td>
                    <label htmlFor={`model-${m.model}`}>{m.model}</label>
                  </td>
                  <td className="number">{format.won(m.input_per_million_credits)}</td>
                  <td className="number">{format.won(m.output_per_million_credits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div id="model-errors">
        {errors.map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
      </div>
    </fieldset>
  );
}
