import { expect, test } from "vitest";
import { sharedBuffersFor } from "../src/embedded/serverSettings.ts";

const gib = 1024 ** 3;

test("the embedded server's shared buffers are a quarter of the memory, from 256 MB to 8 GB", () => {
  expect(sharedBuffersFor(24 * gib)).toBe("6144MB");
  expect(sharedBuffersFor(gib / 2)).toBe("256MB");
  expect(sharedBuffersFor(64 * gib)).toBe("8192MB");
});
