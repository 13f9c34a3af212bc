import { defineConfig } from "vite";

// `npm run dev` proxies the API to a Spindle on :8080, so the page stays same-origin as when Spindle serves it.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 300 },
  server: { proxy: { "/v1": "http://127.0.0.1:8080" } },
});
