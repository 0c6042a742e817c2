import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// In development (`npm run dev`) the API runs on the Spring service; the built app is served by it.
const service = process.env.ORCHESTRATE_URL ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": service,
      "/orchestrate": service,
      "/ws": { target: service.replace(/^http/, "ws"), ws: true },
    },
  },
  // elkjs alone is ~1.4 MB; it is in the lazily loaded monitor chunk, not the first page.
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { include: ["src/**/*.test.ts"] },
});
