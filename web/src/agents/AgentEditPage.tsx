import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client";
import { ProblemMessage } from "../common/ProblemMessage";
import { useWorkspace } from "../workspaces/useWorkspace";
import { agentCalls, agentKeys, useAgent, type Agent } from "./api";
import { DeleteAgent } from "./DeleteAgent";
import { Field } from "./Field";
import { emptyForm, fieldErrors, formOf, inputOf, PARAMETERS, slugOf, type AgentForm } from "./form";
import { ModelPicker } from "./ModelPicker";
import { Playground } from "./Playground";
import { canWriteAgents } from "./roles";
import { ToolsPicker } from "./ToolsPicker";
import "./agents.css";

/** `/agents/new` and `/agents/:id`: the agent's definition and, once saved, its playground. */
export function AgentEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const isNew = id === undefined;
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const agent = useAgent(ws, id);

  if (!isNew && agent.isPending) {
    return (
      <main id="main" className="agent-page">
        <p>{ws ? t("common.loading") : null}</p>
      </main>
    );
  }
  if (!isNew && agent.error) {
    return (
      <main id="main" className="agent-page">
        <h1>{t("agents.title")}</h1>
        <ProblemMessage error={agent.error} />
        <Link to="/agents">{t("agents.back")}</Link>
      </main>
    );
  }
  return (
    <AgentEditor
      // A fresh form per agent (a save keeps the form: it then holds what was stored).
      key={agent.data?.id ?? "new"}
      ws={ws}
      agent={agent.data}
      writable={canWriteAgents(workspace?.role)}
    />
  );
}

function AgentEditor({
  ws,
  agent,
  writable,
}: {
  ws: string | undefined;
  agent: Agent | undefined;
  writable: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const initial = useMemo(() => (agent ? formOf(agent) : emptyForm()), [agent]);
  const [form, setForm] = useState<AgentForm>(initial);
  const [slugTouched, setSlugTouched] = useState(agent !== undefined);
  const [saved, setSaved] = useState(false);
  const dirty = JSON.stringify(inputOf(form)) !== JSON.stringify(inputOf(initial));

  const save = useMutation({
    mutationFn: () =>
      agent ? agentCalls.update(ws!, agent.id, inputOf(form)) : agentCalls.create(ws!, inputOf(form)),
    onSuccess: (answer) => {
      client.setQueryData(agentKeys.one(ws!, answer.id), answer);
      void client.invalidateQueries({ queryKey: agentKeys.list(ws!) });
      if (!agent) navigate(`/agents/${answer.id}`, { replace: true, state: { created: true } });
      else {
        setForm(formOf(answer));
        setSaved(true);
      }
    },
  });
  const problem = save.error instanceof ApiError ? save.error.problem : undefined;
  const errors = fieldErrors(problem);
  const errs = (path: string) => errors.byPath[path];

  // The first field the server refused gets the focus, so a keyboard user lands on it.
  useEffect(() => {
    if (!problem) return;
    const first = document.querySelector<HTMLElement>('.agent-form [aria-invalid="true"]');
    first?.focus();
  }, [problem]);

  const set = <K extends keyof AgentForm>(key: K, value: AgentForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const setName = (name: string) => {
    setSaved(false);
    setForm((f) => ({ ...f, name, slug: slugTouched ? f.slug : slugOf(name) }));
  };

  const title = agent ? agent.name : t("agents.newTitle");
  return (
    <main id="main" className="agent-page">
      <p className="breadcrumb">
        <Link to="/agents">{t("agents.back")}</Link>
      </p>
      <h1>{title}</h1>
      {!writable && <p className="agents-readonly">{t("agents.viewerReadOnly")}</p>}
      <div className={agent ? "agent-layout" : "agent-layout single"}>
        <form
          className="agent-form"
          noValidate
          aria-labelledby="agent-form-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (writable && ws) save.mutate();
          }}
        >
          <h2 id="agent-form-title">{t("agents.form.title")}</h2>
          <fieldset disabled={!writable} className="plain">
            <Field id="agent-name" label={t("agents.form.name")} errors={errs("name")}>
              {(p) => <input {...p} value={form.name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field
              id="agent-slug"
              label={t("agents.form.slug")}
              hint={t("agents.form.slugHint")}
              errors={errs("slug")}
            >
              {(p) => (
                <input
                  {...p}
                  value={form.slug}
                  spellCheck={false}
                  onChange={(e) => {
                    setSlugTouched(true);
                    set("slug", e.target.value);
                  }}
                />
              )}
            </Field>
            <Field id="agent-description" label={t("agents.form.description")} errors={errs("description")}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={form.description}
                  onChange={(e) => set("description", e.target.value)}
                />
              )}
            </Field>
            <Field
              id="agent-system-prompt"
              label={t("agents.form.systemPrompt")}
              errors={errs("system_prompt")}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={8}
                  className="system-prompt"
                  value={form.system_prompt}
                  onChange={(e) => set("system_prompt", e.target.value)}
                />
              )}
            </Field>
            <ModelPicker
              provider={form.model_provider}
              model={form.model}
              disabled={!writable}
              errors={[...(errs("model_provider") ?? []), ...(errs("model") ?? [])]}
              onChange={(provider, model) => {
                setSaved(false);
                setForm((f) => ({ ...f, model_provider: provider, model }));
              }}
            />
            <fieldset className="parameters">
              <legend>{t("agents.form.parameters")}</legend>
              {errs("parameters") && <p className="field-error">{errs("parameters")!.join(" · ")}</p>}
              <div className="parameter-grid">
                {PARAMETERS.map((p) => (
                  <Field
                    key={p.key}
                    id={`agent-param-${p.key}`}
                    label={t(`agents.form.param.${p.key}`)}
                    hint={t("agents.form.range", { min: p.min, max: p.max })}
                    errors={errs(`parameters.${p.key}`)}
                  >
                    {(props) => (
                      <input
                        {...props}
                        type="number"
                        inputMode={p.integral ? "numeric" : "decimal"}
                        step={p.step}
                        placeholder={t("agents.form.defaultValue")}
                        value={form.parameters[p.key]}
                        onChange={(e) => set("parameters", { ...form.parameters, [p.key]: e.target.value })}
                      />
                    )}
                  </Field>
                ))}
                <Field
                  id="agent-cost-per-run"
                  label={t("agents.form.costPerRun")}
                  hint={t("agents.form.costPerRunHint")}
                  errors={errs("cost_per_run")}
                >
                  {(props) => (
                    <input
                      {...props}
                      type="number"
                      inputMode="decimal"
                      step="any"
                      value={form.cost_per_run}
                      onChange={(e) => set("cost_per_run", e.target.value)}
                    />
                  )}
                </Field>
              </div>
            </fieldset>
            <ToolsPicker
              ws={ws}
              tools={form.tools}
              writable={writable}
              errors={errs("tools") ?? []}
              onChange={(tools) => set("tools", tools)}
            />
          </fieldset>
          {save.error && (
            <div className="save-problem">
              {problem?.status === 422 || (problem?.status === 409 && errs("slug")) ? (
                <p role="alert" className="problem">
                  {t("agents.form.fixFields")}
                </p>
              ) : (
                <ProblemMessage error={save.error} />
              )}
              {errors.rest.length > 0 && (
                <ul className="field-error">
                  {errors.rest.map((e) => (
                    <li key={e.path + e.message}>
                      <code>{e.path}</code> {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {writable && (
            <div className="form-actions">
              <button type="submit" disabled={save.isPending || !ws || (agent !== undefined && !dirty)}>
                {save.isPending ? t("agents.form.saving") : agent ? t("agents.form.save") : t("agents.form.create")}
              </button>
              {agent && dirty && (
                <button type="button" className="secondary" onClick={() => setForm(initial)}>
                  {t("agents.form.discard")}
                </button>
              )}
              <span aria-live="polite" className="saved">
                {saved && !dirty ? t("agents.form.saved") : ""}
              </span>
              {agent && ws && <DeleteAgent ws={ws} agent={agent} />}
            </div>
          )}
        </form>
        {agent && <Playground agent={agent} writable={writable} unsaved={dirty} />}
      </div>
    </main>
  );
}
