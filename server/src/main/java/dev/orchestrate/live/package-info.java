/**
 * Live progress: execution events delivered over WebSocket and Server-Sent Events, replayed from
 * the event table and then followed live, across instances through PostgreSQL LISTEN/NOTIFY.
 */
package dev.orchestrate.live;
