-- A week of a whole site's availability through GET /api/v1/sites/{id}/availability.
-- Environment: TOKEN (bearer), SITE, FROM and TO (ISO-8601 instants).
local path = "/api/v1/sites/" .. os.getenv("SITE") .. "/availability?from=" .. os.getenv("FROM") .. "&to=" .. os.getenv("TO")
local token = os.getenv("TOKEN")

request = function()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- wrk's summary has no 95th percentile: print it here.
done = function(summary, latency, requests)
  io.write(string.format("availability_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
