// Numbers, money and dates always through Intl, in the UI's language.
import { useTranslation } from "react-i18next";

const localeOf = (language: string) => (language === "en" ? "en-US" : "ko-KR");

export function formatters(language: string) {
  const locale = localeOf(language);
  const won = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "KRW",
    maximumFractionDigits: 4,
  });
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  const time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hour12: false,
  });
  return {
    won: (amount: number) => won.format(amount),
    number: (n: number) => number.format(n),
    date: (iso: string) => date.format(new Date(iso)),
    /** A time of day to the millisecond (the event log). */
    time: (iso: string) => time.format(new Date(iso)),
    duration: (ms: number) =>
      ms < 1000
        ? `${number.format(ms)}ms`
        : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)}s`,
    // Differences (the comparison of two runs): always signed, so +₩3 and −₩3 read apart.
    signedWon: (amount: number) =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency: "KRW",
        maximumFractionDigits: 4,
        signDisplay: "exceptZero",
      }).format(amount),
    signedNumber: (n: number) =>
      new Intl.NumberFormat(locale, { signDisplay: "exceptZero" }).format(n),
    signedDuration: (ms: number) => {
      // The same signs as Intl's signDisplay for money and tokens beside it.
      const sign = ms > 0 ? "+" : ms < 0 ? "-" : "±";
      const size = Math.abs(ms);
      return `${sign}${
        size < 1000
          ? `${number.format(size)}ms`
          : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(size / 1000)}s`
      }`;
    },
  };
}

export function useFormat() {
  const { i18n } = useTranslation();
  return formatters(i18n.language);
}
