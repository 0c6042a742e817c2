// Token forgery for the token drill: JWTs signed with any key and algorithm, or none.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";

const b64url = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");

export const decode = (token) => {
  const [h, p] = token.split(".");
  return { header: JSON.parse(Buffer.from(h, "base64url")), payload: JSON.parse(Buffer.from(p, "base64url")) };
};

/** An ES256 JWT signed with `key` (a KeyObject). */
export function es256(header, payload, key) {
  const input = `${b64url({ ...header, alg: "ES256" })}.${b64url(payload)}`;
  const sig = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}

/** An HS256 JWT keyed with `secret` (bytes or text). */
export function hs256(header, payload, secret) {
  const input = `${b64url({ ...header, alg: "HS256" })}.${b64url(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** An unsigned JWT with the given alg spelling ("none", "None"...). */
export const unsigned = (header, payload, alg = "none") => `${b64url({ ...header, alg })}.${b64url(payload)}.`;

export const keyFromJwk = (jwk) => createPrivateKey({ key: jwk, format: "jwk" });
export const publicOf = (key) => createPublicKey(key);
export const freshEcKey = () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
