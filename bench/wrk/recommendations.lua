-- A member's recommendations through GET /api/v1/me/recommendations?limit=5, each request as a random one of many
-- signed-in members (their bearer tokens, one a line, in the file TOKENS_FILE).
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local token = tokens[math.random(1, #tokens)]
  return wrk.format("GET", "/api/v1/me/recommendations?limit=5", { ["Authorization"] = "Bearer " .. token })
end

-- wrk's summary has no 95th percentile: print it here.
done = function(summary, latency, requests)
  io.write(string.format("recommendations_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
