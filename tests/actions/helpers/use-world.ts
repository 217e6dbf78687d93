import { afterAll, beforeAll } from "vitest";
import { startWorld, type World } from "../../../fixtures/actions/world.js";
import type { LimitsInput } from "../../../local-github/index.js";

export function useWorld(options: { limits?: LimitsInput } = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
  });
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error("the world is not started yet");
    return world;
  };
}
