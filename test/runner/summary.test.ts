import type { NewmanRunSummary } from "newman";
import { describe, expect, it } from "vitest";
import { emptyFindings, summaryLines } from "../../src/runner/summary.js";

const summary = {
  run: { stats: { requests: { total: 1, failed: 0 }, assertions: { total: 1, failed: 0 } } },
} as unknown as NewmanRunSummary;

/** The lines about skipped requests, for requests skipped for the variables they name. */
function skippedFor(
  skipped: Record<string, string[]>,
  more: Partial<ReturnType<typeof emptyFindings>> = {},
): string[] {
  const findings = { ...emptyFindings(), ...more };
  for (const [variables, names] of Object.entries(skipped)) {
    findings.skippedForValues.set(variables, names);
  }
  return summaryLines(summary, findings).slice(1);
}

describe("summary: requests skipped for an empty variable", () => {
  it("names the variable to set, and folds in what waited for the requests it skipped", () => {
    expect(
      skippedFor({
        appId: ["Get app"],
        spaceTemplateId: ["Create space from template"],
        newSpaceId: ["Update space", "Add thread"],
        "newSpaceId, threadId": ["Add thread comment"],
        threadId: ["Update thread"],
        newRecordId: ["Add comment"],
      }),
    ).toEqual([
      "  skipped 1 request with no value for appId: pass --app ID (Get app)",
      "  skipped 5 requests with no value for spaceTemplateId: set it with --env-var spaceTemplateId=… " +
        "(Create space from template; needing what that creates: Update space, Add thread, Add thread comment, Update thread)",
      '  skipped 1 request with no value for newRecordId, which Add record sets: run it too (--folder "Add record") (Add comment)',
    ]);
  });

  it("says why the request that sets a variable did not: left out, or ran and set nothing", () => {
    const skippedByRadius = new Map([["settings" as const, ["Install plug-in"]]]);
    expect(
      skippedFor(
        { newPluginId: ["Update plug-in"], newRecordId: ["Add comment"] },
        { skippedByRadius, reached: new Set(["Add record"]) },
      ),
    ).toEqual([
      "  skipped 1 request that change settings: name them with --folder, or pass --allow-settings-changes (Install plug-in)",
      '  skipped 1 request with no value for newPluginId, which Install plug-in sets, left out as it changes settings: include it with --folder "Install plug-in" or --allow-settings-changes (Update plug-in)',
      "  skipped 1 request with no value for newRecordId, which Add record sets: it ran but set nothing (see its result above) (Add comment)",
    ]);
  });

  it("gathers what kintone takes no API token for into one line, with what waited for it", () => {
    expect(
      skippedFor(
        { newSpaceId: ["Update space"] },
        { skippedForApiToken: ["Get app usage statistics", "Create space from template"] },
      ),
    ).toEqual([
      "  skipped 2 requests: kintone takes no API token for them: sign in with -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD) (Get app usage statistics, Create space from template)",
      "  skipped 1 request with no value for newSpaceId, which Create space from template sets, skipped as kintone takes no API token for it: sign in with -u/--username (KINTONE_USERNAME) and -p/--password (KINTONE_PASSWORD) (Update space)",
    ]);
  });
});

describe("summary: deleting requests the run added", () => {
  const addedDeleters = [
    {
      id: "bulk",
      name: "Bulk request",
      variables: ["newRecordId"],
      deletes: ["the record Add record created"],
    },
    {
      id: "space",
      name: "Delete space",
      variables: ["newSpaceId"],
      deletes: ["the space Create space from template created"],
    },
  ];

  it("says each one it sent, and leaves one skipped to the skipped lines", () => {
    expect(
      skippedFor(
        { spaceTemplateId: ["Create space from template"], newSpaceId: ["Delete space"] },
        { addedDeleters, sent: new Set(["bulk"]) },
      ),
    ).toEqual([
      "  also ran Bulk request: it deletes the record Add record created",
      "  skipped 2 requests with no value for spaceTemplateId: set it with --env-var spaceTemplateId=… " +
        "(Create space from template; needing what that creates: Delete space)",
    ]);
  });
});
