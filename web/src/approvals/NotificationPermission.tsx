import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notificationPermission, type Permission } from "./notifications";

/** The inbox's switch for browser notifications: the only place that asks the browser. */
export function NotificationPermission() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  const ask = async () => setPermission(await Notification.requestPermission());
  return (
    <p className="notification-permission" data-testid="notification-permission" data-permission={permission}>
      {permission === "default" && (
        <button type="button" onClick={() => void ask()}>
          {t("notifications.enable")}
        </button>
      )}
      {permission === "granted" && t("notifications.enabled")}
      {permission === "denied" && t("notifications.blocked")}
      {permission === "unsupported" && t("notifications.unsupported")}
    </p>
  );
}
