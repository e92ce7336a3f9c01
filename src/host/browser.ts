/**
 * The browser host (see host.ts), also the default for any host that is not
 * Node: fetch, module Web Workers, navigator.hardwareConcurrency. The Wasm
 * builds are looked up next to the module that loads them (for the prebuilt
 * bundle dist/browser/, for an app's bundle next to that bundle) unless a
 * `wasmBaseUrl` says otherwise.
 */
import type { ReplyMessage } from "../parallel/threads.js";
import { fetchBytes, workerModuleUrl, type Host } from "./host.js";

function pageUrl(): string | undefined {
  return (globalThis as { location?: { href?: string } }).location?.href;
}

export const host: Host = {
  kind: "browser",
  defaultWasmBase: () => new URL("./", import.meta.url),
  absoluteUrl: (url) => new URL(String(url), pageUrl()),
  readBytes: fetchBytes,
  async availableCores() {
    const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
    return Math.max(1, nav?.hardwareConcurrency ?? 1);
  },
  async optInRelaxedSimd() {},
  async resolveWorkerModule(workerModule) {
    return { url: workerModuleUrl(workerModule, pageUrl()) };
  },
  async threadSpawner() {
    const WorkerCtor = (globalThis as { Worker?: typeof Worker }).Worker;
    if (!WorkerCtor) throw new Error("this runtime has neither worker_threads nor Web Workers; use workers: 1");
    return (module, events, createWorker) => {
      const worker = createWorker ? createWorker() : new WorkerCtor(module.url, { type: "module" });
      let terminated = false;
      worker.onmessage = (e: MessageEvent<ReplyMessage>) => events.onReply(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        events.onFailure(new Error(e.message || `worker for ${module.url.href} failed to start`));
      };
      return {
        send: (message) => worker.postMessage(message),
        terminate: async () => {
          if (terminated) return;
          terminated = true;
          worker.terminate();
        },
      };
    };
  },
};
