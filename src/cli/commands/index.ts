import type { CommandModule } from "yargs";
import { demoCommand } from "./demo.js";
import { doctorCommand } from "./doctor.js";
import { generateCommand } from "./generate.js";
import { runCommand } from "./run.js";
import { stubCommand } from "./stub.js";

// Each command module is thin: it maps flags to one domain function. Add new commands here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' command list is heterogeneous
export const commands: CommandModule<any, any>[] = [
  generateCommand,
  runCommand,
  stubCommand,
  doctorCommand,
  demoCommand,
];
