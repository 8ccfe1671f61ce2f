/**
 * Reads one title per line on stdin and writes, per title, its topics joined by "|" or "none".
 * Output lines correspond one-to-one with input lines (a trailing newline ends the last title).
 */
import { classifyTitle } from "./classify";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;

const lines = input.split(/\r?\n/);
if (lines.at(-1) === "") lines.pop();
const out = lines.map((line) => classifyTitle(line).map((t) => t.topic).join("|") || "none");
process.stdout.write(out.length > 0 ? `${out.join("\n")}\n` : "");
