import type { Source } from "../types";
import { manifest } from "./manifest";
import { parse } from "./parse";

export const source: Source = { manifest, parse };
