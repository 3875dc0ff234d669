/** One finding of `doctor`: a title, a verdict and the facts behind it, in plain words. */
export interface Check {
  name: string;
  status: "ok" | "warn" | "fail" | "skip";
  /** The first line goes beside the name; the rest are details below it. */
  lines: string[];
}

export function check(name: string, status: Check["status"], ...lines: string[]): Check {
  return { name, status, lines };
}

const NAME_WIDTH = 20;

export function formatCheck(found: Check): string[] {
  const [first = "", ...details] = found.lines;
  const head = `${`[${found.status}]`.padEnd(7)}${found.name.padEnd(NAME_WIDTH)}${first}`;
  return [head.trimEnd(), ...details.map((line) => `${" ".repeat(7 + NAME_WIDTH)}${line}`)];
}

/** `doctor` found a problem: the CLI prints this one line and exits 1. */
export class DoctorFailedError extends Error {
  override readonly name = "DoctorFailedError";

  constructor(failed: number, total: number) {
    super(`doctor: ${failed} of ${total} checks failed`);
  }
}
