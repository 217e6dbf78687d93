import manifest from "./package.json" with { type: "json" };

/** The client package's version (the build inlines it). */
export const CLIENT_VERSION: string = manifest.version;
