import { randomBytes, randomInt } from "node:crypto";

const adjectives = [
  "amber",
  "brisk",
  "cobalt",
  "dapper",
  "eager",
  "fabled",
  "golden",
  "hardy",
  "ivory",
  "jolly",
  "keen",
  "lucid",
  "mellow",
  "nimble",
  "olive",
  "plucky",
  "quiet",
  "rapid",
  "sunny",
  "tidy",
  "upbeat",
  "vivid",
  "witty",
  "zesty",
];
const nouns = [
  "anchor",
  "beacon",
  "cedar",
  "delta",
  "ember",
  "falcon",
  "garden",
  "harbor",
  "island",
  "juniper",
  "kettle",
  "lantern",
  "meadow",
  "nectar",
  "orchard",
  "pine",
  "quarry",
  "river",
  "summit",
  "timber",
  "valley",
  "willow",
  "yarrow",
  "zephyr",
];

/** A readable, practically unique slug such as `brisk_harbor_3f9a` (matches the slug pattern). */
export function generateSlug(): string {
  return `${adjectives[randomInt(adjectives.length)]}_${nouns[randomInt(nouns.length)]}_${randomBytes(2).toString("hex")}`;
}

/** A random password for a generated admin (printed once, never stored in plain text). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
