-- One MCP tools/call per request, each with a token never sent before (read from TOKENS_FILE,
-- one a line), so every request misses the credential cache and is verified.
-- SHARED=1: every wrk thread walks the same list, so each token arrives once per thread at about
-- the same moment: concurrent misses for one token, which single flight must collapse to one
-- verification. Otherwise each thread takes its own share and no token is sent twice.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local tokens = {}
local index = 0
local stride = 1
local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{}}}'

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    tokens[#tokens + 1] = line
  end
  if os.getenv("SHARED") ~= "1" then
    index = id
    stride = tonumber(os.getenv("WRK_THREADS"))
  end
end

function request()
  -- Past the end the list wraps around and tokens repeat (cache hits): size the list to the run.
  local token = tokens[(index % #tokens) + 1]
  index = index + stride
  return wrk.format("POST", "/mcp", {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
