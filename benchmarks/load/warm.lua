-- One MCP tools/call per request, always with the same credential (cached after the first).
-- TOKEN_FILE names a file whose first line is the credential.
local f = assert(io.open(os.getenv("TOKEN_FILE"), "r"))
local token = f:read("*l")
f:close()

wrk.method = "POST"
wrk.path = "/mcp"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Bearer " .. token
