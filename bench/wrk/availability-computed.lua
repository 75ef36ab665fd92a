-- A week of a whole site's availability, the range shifted by one second on every request so that no kept answer is
-- ever reused: the cost of computing it. Environment: TOKEN, SITE, TO and FROM_EPOCH (epoch seconds of FROM).
local token = os.getenv("TOKEN")
local site = os.getenv("SITE")
local from = tonumber(os.getenv("FROM_EPOCH"))
local to = os.getenv("TO")
local counter = 0

function setup(thread)
  thread:set("offset", math.random(0, 1000000))
end

request = function()
  counter = counter + 1
  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", from + (offset + counter) % 3600)
  return wrk.format("GET", "/api/v1/sites/" .. site .. "/availability?from=" .. start .. "&to=" .. to,
    { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  io.write(string.format("availability_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
