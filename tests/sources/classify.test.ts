import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyTitle, evaluateClassifier } from "../../sources/topics/classify";
import { loadLabelledTitles } from "./labelled-titles";

const topicsOf = (title: string, summary?: string | null): string[] =>
  classifyTitle(title, summary).map((t) => t.topic);

describe("topic classifier on the labelled real titles", () => {
  const rows = loadLabelledTitles();
  const scores = evaluateClassifier(rows);

  it("loads all 123 labelled rows", () => {
    expect(rows).toHaveLength(123);
  });

  it.each(["ai-csam", "platform-duties", "tf-exploitation"] as const)(
    "%s: precision >= 0.9 and recall >= 0.8",
    (topic) => {
      expect(scores[topic].precision).toBeGreaterThanOrEqual(0.9);
      expect(scores[topic].recall).toBeGreaterThanOrEqual(0.8);
    },
  );
});

describe("topic classifier rules", () => {
  it("tags synthetic CSAM and says why", () => {
    const [tag] = classifyTitle("Relative to AI-generated child sexual abuse material");
    expect(tag?.topic).toBe("ai-csam");
    expect(tag?.reason).toMatch(/^title: synthetic depiction of a child: "AI-generated" \+ "child"$/);
  });

  it("tags platform duties and image abuse together", () => {
    expect(topicsOf("Enhancing Online Safety (Non-consensual Sharing of Intimate Images) Bill 2018")).toEqual([
      "platform-duties",
      "tf-exploitation",
    ]);
  });

  it("tags sextortion, grooming and technology-facilitated trafficking", () => {
    expect(topicsOf("An Act relating to sextortion")).toEqual(["tf-exploitation"]);
    expect(topicsOf("Online grooming of children (offences) Bill")).toEqual(["tf-exploitation"]);
    expect(topicsOf("Prevention of trafficking in persons through the internet")).toEqual(["tf-exploitation"]);
  });

  it("uses the summary when the title says nothing, and says so", () => {
    const tags = classifyTitle("The Crime Bill", "Creates a duty for social media services to remove content.");
    expect(tags).toEqual([{ topic: "platform-duties", reason: 'summary: social media: "social media"' }]);
  });

  it.each([
    "Child pornography; renaming as child sexual abuse material in the Code.",
    "Arizona Political Deepfake Law",
    "Distribution of Materially Deceptive Media",
    "Automated Decision Tools",
    "District-owned Devices Internet Safety Policy",
    "Vloggers and Minors and Compensation and Trust Account",
    "The Deep Sea Mining Act 1981 (Isle of Man) Order 2015",
    "Virtual charter schools for children",
    "Trafficking in controlled drugs",
    "Dog grooming licensing regulations",
  ])("near-miss %j gets no topic", (title) => {
    expect(topicsOf(title)).toEqual([]);
  });
});

describe("classify CLI", () => {
  const run = (input: string) =>
    spawnSync("npx", ["tsx", "sources/topics/cli.ts"], {
      input,
      encoding: "utf8",
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
    });

  it("writes one line per input title: topics joined by | or none", () => {
    const result = run(
      [
        "Relative to AI-generated child sexual abuse material",
        "Enhancing Online Safety (Non-consensual Sharing of Intimate Images) Bill 2018",
        "RELATING TO SCHOOL MEALS.",
        "",
        "AN ACT relating to sexual extortion.",
      ].join("\n") + "\n",
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("ai-csam\nplatform-duties|tf-exploitation\nnone\nnone\ntf-exploitation\n");
  });

  it("writes nothing for empty input", () => {
    const result = run("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
  });
}, 60_000);
