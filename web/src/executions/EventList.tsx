import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format";
import type { ExecutionEvent } from "../live/events";
import { eventSummary } from "./eventSummary";

const ROW = 28;

/**
 * The run's raw event log (seq, time, type, node, a short summary), virtualised: only the rows in
 * view are in the page, so thousands of events scroll smoothly. It follows the newest event while
 * scrolled to the bottom, and stays put when the reader scrolled up.
 */
export const EventList = memo(function EventList({ events }: { events: ExecutionEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
  });

  useEffect(() => {
    if (following.current && events.length > 0) {
      virtualizer.scrollToIndex(events.length - 1, { align: "end" });
    }
  }, [events.length, virtualizer]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 2;
  };

  return (
    <section className="events" aria-labelledby="events-title">
      <h2 id="events-title">
        {t("events.title")} <span className="count">({format.number(events.length)})</span>
      </h2>
      <div className="event-row event-head" aria-hidden="true">
        <span>#</span>
        <span>{t("events.time")}</span>
        <span>{t("events.type")}</span>
        <span>{t("events.node")}</span>
        <span>{t("events.summaryColumn")}</span>
      </div>
      <div
        ref={scroller}
        className="event-scroll"
        tabIndex={0}
        role="region"
        aria-label={t("events.list")}
        onScroll={onScroll}
        data-testid="event-list"
      >
        <ol style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = events[item.index]!;
            return (
              <li
                key={event.seq}
                className={`event-row event-${event.type}`}
                data-seq={event.seq}
                data-type={event.type}
                aria-setsize={events.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
              >
                <span>{event.seq}</span>
                <span>{format.time(event.ts)}</span>
                <span className="event-type">{event.type}</span>
                <span>{"node_id" in event ? event.node_id : ""}</span>
                <span className="event-summary">{eventSummary(event, t, format)}</span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
});
