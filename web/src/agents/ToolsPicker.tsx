import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemMessage } from "../common/ProblemMessage";
import { useConnections, useTools, type McpConnection, type ToolRef } from "./api";

interface Props {
  ws: string | undefined;
  tools: ToolRef[];
  onChange: (tools: ToolRef[]) => void;
  writable: boolean;
  errors: string[];
}

const same = (a: ToolRef, b: ToolRef) => a.mcp === b.mcp && a.tool === b.tool;

/**
 * The tools the agent may call: one tool of one of the workspace's MCP connections each. A
 * connection's tools are listed when it is opened (listing may start its server).
 */
export function ToolsPicker({ ws, tools, onChange, writable, errors }: Props) {
  const { t } = useTranslation();
  // Listing connections and their tools needs a member (the server's rule), like editing does.
  const connections = useConnections(ws, writable);
  const toggle = (ref: ToolRef) =>
    onChange(tools.some((x) => same(x, ref)) ? tools.filter((x) => !same(x, ref)) : [...tools, ref]);

  return (
    <fieldset className="tools-picker" aria-describedby="tools-errors">
      <legend>{t("agents.form.tools")}</legend>
      {tools.length === 0 ? (
        <p className="hint">{t("agents.form.noTools")}</p>
      ) : (
        <ul className="tool-chips" aria-label={t("agents.form.chosenTools")}>
          {tools.map((ref) => (
            <li key={`${ref.mcp}/${ref.tool}`}>
              <code>
                {ref.mcp} · {ref.tool}
              </code>
              {writable && (
                <button
                  type="button"
                  className="link"
                  onClick={() => toggle(ref)}
                  aria-label={t("agents.form.removeTool", { mcp: ref.mcp, tool: ref.tool })}
                >
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <>
          <ProblemMessage error={connections.error} />
          {connections.isPending && <p>{t("common.loading")}</p>}
          {connections.data?.length === 0 && <p className="hint">{t("agents.form.noConnections")}</p>}
          {connections.data?.map((c) => (
            <ConnectionTools key={c.id} ws={ws} connection={c} chosen={tools} onToggle={toggle} />
          ))}
        </>
      )}
      <div id="tools-errors">
        {errors.map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
      </div>
    </fieldset>
  );
}

function ConnectionTools({
  ws,
  connection,
  chosen,
  onToggle,
}: {
  ws: string | undefined;
  connection: McpConnection;
  chosen: ToolRef[];
  onToggle: (ref: ToolRef) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const tools = useTools(ws, open ? connection.id : undefined);
  const count = chosen.filter((x) => x.mcp === connection.name).length;
  const panel = `tools-of-${connection.id}`;
  return (
    <div className="connection-tools">
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "▾" : "▸"} {connection.name}
        {count > 0 && ` (${t("agents.form.chosenCount", { count })})`}
      </button>
      {open && (
        <div id={panel} className="connection-tool-list">
          <ProblemMessage error={tools.error} />
          {tools.isPending && <p>{t("common.loading")}</p>}
          {tools.data?.length === 0 && <p className="hint">{t("agents.form.connectionNoTools")}</p>}
          {tools.data?.map((tool) => {
            const ref = { mcp: connection.name, tool: tool.name };
            const id = `tool-${connection.id}-${tool.name}`;
            return (
              <div key={tool.name} className="tool-option">
                <input
                  type="checkbox"
                  id={id}
                  checked={chosen.some((x) => same(x, ref))}
                  onChange={() => onToggle(ref)}
                />
                <label htmlFor={id}>
                  <code>{tool.name}</code>
                  {tool.simulated && ` · ${t("agents.form.simulatedTool")}`}
                  {tool.description && <span className="hint"> — {tool.description}</span>}
                </label>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
