import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ko from "./ko.json";

export const languages = ["ko", "en"] as const;
export type Language = (typeof languages)[number];

const KEY = "orchestrate.language";
const stored = localStorage.getItem(KEY);

void i18n.use(initReactI18next).init({
  resources: { ko: { translation: ko }, en: { translation: en } },
  // Korean is the product's language; English is a switch away.
  lng: stored === "en" ? "en" : "ko",
  fallbackLng: "ko",
  interpolation: { escapeValue: false },
});

i18n.on("languageChanged", (lng) => {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
