import Form from "@rjsf/core";
import { englishStringTranslator, replaceStringParameters, type TranslatableString } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Pipeline } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useFormat } from "../i18n/format";
import { checkBudget, inputSchemaOf, localizeError, parseJsonInput } from "./startInput";
import { useEstimate } from "./useEstimate";
import { useStartPipeline } from "./useStartPipeline";

type Input = Record<string, unknown>;

/**
 * ▶ 실행's modal: the input (a form from the validation schema, or JSON), the cost estimate for it,
 * an optional budget, and 실행. A native <dialog> opened with showModal(): the rest of the page is
 * inert (focus stays inside) and Esc cancels; focus returns to ▶ 실행 when it closes.
 */
export default function StartDialog({
  pipeline,
  onClose,
  version,
}: {
  pipeline: Pipeline;
  onClose: () => void;
  /** Runs this saved version (the version history's 이 버전 실행); the latest when absent. */
  version?: number;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const formRef = useRef<Form<Input>>(null);
  const titleId = useId();
  const budgetId = useId();
  const budgetHintId = useId();
  const jsonId = useId();
  const sample = pipeline.graph_definition.metadata?.sample_input ?? {};
  const schema = useMemo(() => inputSchemaOf(pipeline.graph_definition), [pipeline]);

  const [formData, setFormData] = useState<Input>(sample);
  const [jsonText, setJsonText] = useState(() => JSON.stringify(sample, null, 2));
  const [budgetText, setBudgetText] = useState("");
  const [budgetTouched, setBudgetTouched] = useState(false);

  const parsedJson = schema ? null : parseJsonInput(jsonText);
  const input: Input | null = schema ? formData : parsedJson?.ok ? parsedJson.input : null;
  const budget = checkBudget(budgetText);
  const estimate = useEstimate(pipeline.id, input);
  const start = useStartPipeline(pipeline, version);

  useEffect(() => {
    const dialog = ref.current;
    // The browser gives focus back on close() only to a dialog still in the page; this one is
    // already unmounted by then, so focus goes back to the opener (▶ 실행) by hand.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);

  // rjsf's own strings (buttons, labels) in the UI's language; English where we have none.
  const rjsfStrings = t("startDialog.rjsf", { returnObjects: true }) as Record<string, string>;
  const translateString = (key: TranslatableString, params?: string[]) => {
    const own = rjsfStrings[key];
    return own ? replaceStringParameters(own, params) : englishStringTranslator(key, params);
  };

  const submit = () => {
    setBudgetTouched(true);
    if (!budget.ok || input === null) return;
    if (schema && formRef.current && !formRef.current.validateForm()) return;
    start.mutate({ input, budget: budget.budget });
  };

  return (
    <dialog
      ref={ref}
      className="start-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>
        {t("startDialog.title", { name: pipeline.name })}
        {version !== undefined && ` · ${t("versions.versionN", { version })}`}
      </h2>
      <section aria-label={t("startDialog.input")} className="start-input">
        {schema ? (
          <Form<Input>
            key={i18n.language}
            ref={formRef}
            schema={schema}
            formData={formData}
            validator={validator}
            onChange={(e) => setFormData((e.formData ?? {}) as Input)}
            onSubmit={submit}
            uiSchema={{ "ui:submitButtonOptions": { norender: true } }}
            showErrorList={false}
            noHtml5Validate
            translateString={translateString}
            transformErrors={(errors) => errors.map((e) => localizeError(e, (key, params) => t(key, params)))}
            idPrefix={`start-${pipeline.slug}`}
          />
        ) : (
          <>
            <label htmlFor={jsonId}>{t("startDialog.jsonInput")}</label>
            <textarea
              id={jsonId}
              rows={8}
              value={jsonText}
              onChange={(e) => setJsonText(e.target.value)}
              aria-invalid={parsedJson?.ok === false}
            />
            {parsedJson?.ok === false && (
              <p role="alert" className="field-error">
                {t("startDialog.jsonInvalid")}
              </p>
            )}
          </>
        )}
        {estimate.isError && <ProblemMessage error={estimate.error} />}
      </section>

      <p className="estimate" data-testid="estimate" aria-live="polite">
        {estimate.data
          ? estimate.data.typical === null
            ? t("startDialog.estimateMax", { max: format.won(estimate.data.max) })
            : t("startDialog.estimate", {
                typical: format.won(estimate.data.typical),
                max: format.won(estimate.data.max),
              })
          : estimate.isError
            ? t("startDialog.estimateUnavailable")
            : t("startDialog.estimating")}
      </p>

      <div className="budget">
        <label htmlFor={budgetId}>{t("startDialog.budget")}</label>
        <input
          id={budgetId}
          inputMode="decimal"
          value={budgetText}
          onChange={(e) => setBudgetText(e.target.value)}
          onBlur={() => setBudgetTouched(true)}
          aria-describedby={budgetHintId}
          aria-invalid={budgetTouched && !budget.ok}
        />
        <p id={budgetHintId} className="hint">
          {t("startDialog.budgetHint")}
        </p>
        {budgetTouched && !budget.ok && (
          <p role="alert" className="field-error">
            {t(`startDialog.budgetErrors.${budget.error}`)}
          </p>
        )}
      </div>

      <ProblemMessage error={start.error} />

      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t("startDialog.cancel")}
        </button>
        <button type="button" onClick={submit} disabled={start.isPending}>
          {start.isPending ? t("pipelines.starting") : t("startDialog.start")}
        </button>
      </div>
    </dialog>
  );
}
