import type { Services } from "../workers/runtime/services";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
  }
}

export {};
