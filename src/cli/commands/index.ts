import type { CommandModule } from "yargs";
import { generateCommand } from "./generate.js";
import { runCommand } from "./run.js";

// Each command module is thin: it maps flags to one domain function. Add new commands here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' command list is heterogeneous
export const commands: CommandModule<any, any>[] = [generateCommand, runCommand];
