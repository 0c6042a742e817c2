import { useTranslation } from "react-i18next";
import { languages } from "../i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="switcher">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {languages.map((l) => (
          <option key={l} value={l}>
            {l === "ko" ? "한국어" : "English"}
          </option>
        ))}
      </select>
    </label>
  );
}
