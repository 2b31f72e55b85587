export * from "./define.ts";
export * from "./model.ts";
export * from "./chat.ts";
export * from "./client.ts";
export * from "./sandbox.ts";
export * from "./webview.ts";
export * from "./completion.ts";
export * from "./agent.ts";
