import { inspectPfx, type PfxDetails } from "../certificates/pfx-inspect.js";
import { openPfx, type UsablePfx } from "../certificates/pfx.js";
import { UsageError } from "../errors.js";
import { isSecureAccessHost, SECURE_ACCESS_ADVICE } from "../kintone/network-errors.js";
import { check, type Check } from "./check.js";
import { EXPIRY_WARNING_DAYS } from "./options.js";

const NAME = "client certificate";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the pfx the way `run` will and says what it is: encoding, subject, issuer, validity.
 * Returns the usable certificate for the test request when it opened.
 */
export async function certificateCheck(
  path: string | undefined,
  passphrase: string | undefined,
  hostname: string | undefined,
  now: Date,
): Promise<{ check: Check; pfx?: UsablePfx }> {
  if (path === undefined) {
    return {
      check:
        hostname !== undefined && isSecureAccessHost(hostname)
          ? check(NAME, "fail", `${hostname} is a Secure Access domain: ${SECURE_ACCESS_ADVICE}`)
          : check(NAME, "skip", "none given (only Secure Access domains need one)"),
    };
  }
  let details: PfxDetails;
  let pfx: UsablePfx;
  try {
    details = await inspectPfx(path, passphrase);
    pfx = await openPfx(path, passphrase);
  } catch (error) {
    if (error instanceof UsageError) return { check: check(NAME, "fail", error.message) };
    throw error;
  }
  const [status, validity] = validityOf(details, now);
  const encoding = details.opensNatively
    ? `${details.encryption.join(", ") || "unencrypted"} (Node opens it as is)`
    : `${details.encryption.join(", ")}: a legacy encoding Node refuses; run re-encodes it in memory`;
  return {
    check: check(
      NAME,
      status,
      path,
      `encryption: ${encoding}`,
      `subject: ${details.subject}`,
      `issuer: ${details.issuer}`,
      validity,
    ),
    pfx,
  };
}

function validityOf(details: PfxDetails, now: Date): [Check["status"], string] {
  const range = `valid from ${day(details.validFrom)} to ${day(details.validTo)}`;
  if (details.validFrom > now) return ["fail", `${range}: not valid yet`];
  if (details.validTo < now) return ["fail", `${range}: EXPIRED`];
  const daysLeft = Math.floor((details.validTo.getTime() - now.getTime()) / DAY_MS);
  const left = `${range} (${daysLeft} ${daysLeft === 1 ? "day" : "days"} left)`;
  return daysLeft < EXPIRY_WARNING_DAYS ? ["warn", `${left}: renew it soon`] : ["ok", left];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
