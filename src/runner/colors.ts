import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";

/** `--color`, as Newman spells it: `auto` colours a terminal only. */
export type ColorChoice = "auto" | "on" | "off";

/**
 * Whether Newman's report is coloured. `auto` means a terminal only: a file, a pipe or a CI log
 * gets plain text.
 */
export function colorsOn(choice: ColorChoice = "auto"): boolean {
  return choice === "on" || (choice === "auto" && process.stdout.isTTY === true);
}

/**
 * Newman's `--color off` reaches its own colours, but not those of the tables it draws: its
 * table library colours their headings and borders through its own copy of `@colors/colors`,
 * which never asks whether the output is a terminal. That copy is switched off where Newman
 * finds it, so a piped failure table carries no escape codes.
 */
export function switchOffTableColors(): void {
  try {
    const fromNewman = createRequire(import.meta.resolve("newman"));
    const fromTable = createRequire(fromNewman.resolve("cli-table3"));
    (fromTable("@colors/colors/safe") as { disable(): void }).disable();
  } catch {
    // An optional dependency of the table library: without it, tables have no colours anyway.
  }
}

/**
 * `switchOffTableColors`, as a run listener, just before Newman's CLI reporter draws a table that
 * would be coloured: `--verbose` timing tables (with each response) and the failure table (at
 * the end). A run with neither never loads the colour library at all. Listeners are attached
 * before the reporters (see newman.ts), so this runs first on each event.
 */
export function tableColorsOff(verbose: boolean): (emitter: EventEmitter) => void {
  return (emitter) => {
    if (verbose) emitter.once("request", switchOffTableColors);
    emitter.once("done", (_error: unknown, summary?: { run?: { failures?: unknown[] } }) => {
      if ((summary?.run?.failures?.length ?? 0) > 0) switchOffTableColors();
    });
  };
}
