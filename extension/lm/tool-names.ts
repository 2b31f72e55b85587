// The name mapping lives in protocol/ now (the server's MCP tools use it too).
export { ToolNames } from "../../protocol/tool-names.ts";
