import { useTranslation } from "react-i18next";
import { TYPE_ICON } from "./CanvasNode";
import { NODE_TYPES, type NodeType } from "./model";

export const PALETTE_MIME = "application/x-orchestrate-node";

/** The node types: drag one onto the canvas, or press it (click, Enter, Space) to add it. */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="canvas-palette" aria-label={t("canvas.palette")}>
      <h2>{t("canvas.palette")}</h2>
      <ul>
        {NODE_TYPES.map((type) => (
          <li key={type}>
            <button
              type="button"
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, type);
                e.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => onAdd(type)}
              title={t(`canvas.typeHelp.${type}`)}
            >
              <span aria-hidden="true">{TYPE_ICON[type]}</span> {t(`canvas.type.${type}`)}
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">{t("canvas.paletteHint")}</p>
    </nav>
  );
}
