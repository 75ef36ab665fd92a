-- The operations dashboard through GET /api/v1/insights/dashboard with varied filters: half the requests for all
-- sites, three in ten for one site, two in ten for one enterprise; periods of 7, 30 or 90 days ending on a random day
-- of the last year of generated history.
-- Environment: TOKEN (bearer), SITES and ENTERPRISES (comma-separated ids), LAST_DAY_EPOCH (the history's last day,
-- in days since 1970-01-01).
local token = os.getenv("TOKEN")
local sites, enterprises = {}, {}
for id in string.gmatch(os.getenv("SITES"), "[^,]+") do sites[#sites + 1] = id end
for id in string.gmatch(os.getenv("ENTERPRISES"), "[^,]+") do enterprises[#enterprises + 1] = id end
local lastDay = tonumber(os.getenv("LAST_DAY_EPOCH"))
local lengths = { 7, 30, 30, 90 }

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(seed)
end

local function day(epochDay)
  return os.date("!%Y-%m-%d", epochDay * 86400)
end

request = function()
  local last = lastDay - math.random(0, 330)
  local first = last - lengths[math.random(1, #lengths)] + 1
  local path = "/api/v1/insights/dashboard?from=" .. day(first) .. "&to=" .. day(last)
  local pick = math.random()
  if pick < 0.3 then
    path = path .. "&siteId=" .. sites[math.random(1, #sites)]
  elseif pick < 0.5 then
    path = path .. "&enterpriseId=" .. enterprises[math.random(1, #enterprises)]
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- wrk's summary has no 95th percentile: print it here.
done = function(summary, latency, requests)
  io.write(string.format("dashboard_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
