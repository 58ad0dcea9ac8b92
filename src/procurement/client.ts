/** The auctions client, still whole in types.ts until its actions are split out. */
export * from "./types.js";
