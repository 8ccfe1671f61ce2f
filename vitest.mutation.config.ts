import { defineConfig } from "vitest/config";

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): the pure tests of the code that decides
 * what a reader sees — alignment rules, legal and recorded time, progress, treaty dates, the citation rule,
 * export values and every source parser. No database, Redis or browser: a mutant is judged in milliseconds.
 */
export default defineConfig({
  test: {
    include: ["tests/domain/**/*.test.ts", "tests/sources/**/*.test.ts", "tests/curated/curated.test.ts", "tests/curated/cited-instruments.test.ts", "tests/web/export-values.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 60_000,
  },
});
