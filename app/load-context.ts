import type { Services } from "../workers/runtime/services";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    /** The client's address as the server sees it (through a trusted proxy on loopback only). */
    clientAddress: string;
  }
}

export {};
