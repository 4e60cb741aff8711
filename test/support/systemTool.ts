// Tests that need a system package (promtool, prometheus, kubectl, a Python with gRPC) decide here
// whether they run. Missing on a developer's machine: the test skips and a warning names what is
// missing and where it comes from. With FLIC_REQUIRE_ALL=1 (.ci/run, which installs everything)
// a missing tool fails the test instead, so CI never passes by skipping.
import { spawnSync } from 'node:child_process';

export const REQUIRE_ALL = process.env['FLIC_REQUIRE_ALL'] === '1';

export interface ToolCheck {
  /** Whether the test should run (skipIf(!check.run)): the tool is here, or CI demands it. */
  readonly run: boolean;
  /** What is missing, or undefined when everything is here. */
  readonly missing: string | undefined;
  /** Throws, naming what is missing, when the tool is absent (call it first in the test). */
  assertPresent(): void;
}

/** `missing` is undefined when everything the test needs is here, otherwise a phrase naming it. */
export function toolCheck(testName: string, missing: string | undefined): ToolCheck {
  if (missing !== undefined && !REQUIRE_ALL) console.warn(`${testName}: SKIPPED: missing ${missing}`);
  return {
    run: missing === undefined || REQUIRE_ALL,
    missing,
    assertPresent(): void {
      if (missing !== undefined) throw new Error(`${testName}: missing ${missing} (FLIC_REQUIRE_ALL=1)`);
    },
  };
}

/** Whether `command args…` runs and exits 0. */
export function runs(command: string, args: readonly string[]): boolean {
  return spawnSync(command, [...args], { stdio: 'ignore' }).status === 0;
}

/** A check for one command, with the Debian package (or other source) that provides it. */
export function commandCheck(testName: string, command: string, args: readonly string[], source: string): ToolCheck {
  return toolCheck(testName, runs(command, args) ? undefined : `\`${command}\` (${source})`);
}
