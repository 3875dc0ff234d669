import fc from "fast-check";

/** Pieces that break naive quoting, templating, HTML embedding, line handling and encodings. */
export const HOSTILE_PIECES = [
  "'",
  '"',
  "\\",
  "`",
  "${x}",
  "{{baseUrl}}",
  "</script>",
  "\u2028",
  "\u2029",
  "\u0000",
  "\n",
  "日本語",
  "😀",
  "../",
  ",",
  ":",
] as const;

/**
 * Hostile text for any string the user gives: names, login names, passwords, tokens, and (with
 * `generate --app`) app names, field codes and option names. Short mixes of the pieces above and
 * arbitrary code points, plus 10 kB repetitions (`long: false` leaves those out where an HTTP
 * server's header limit, 16 kB in Node, would refuse the request before reading it).
 */
export function hostileText(options: { long?: boolean } = {}): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...HOSTILE_PIECES),
    fc.string({ unit: "binary", maxLength: 6 }),
  );
  const mixed = fc
    .array(piece, { minLength: 1, maxLength: 10 })
    .map((pieces) => pieces.join(""))
    .filter((text) => text !== "");
  const long = fc
    .constantFrom(...HOSTILE_PIECES)
    .map((p) => p.repeat(Math.ceil(10_240 / p.length)).slice(0, 10_240));
  if (options.long === false) return mixed;
  return fc.oneof({ weight: 9, arbitrary: mixed }, { weight: 1, arbitrary: long });
}

/** How many generated cases each property checks. */
export const PROPERTY_RUNS = 200;
