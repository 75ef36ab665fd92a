-- Member 360 profiles through GET /api/v1/members/{id}/profile (or, with PROFILE_PAGE=1 and a session COOKIE, the
-- console page /console/members/{id}), each request for a random member of the generated operator; with
-- ENTERPRISES set, one request in ten asks for a random company's profile instead.
-- Environment: TOKEN (bearer) or COOKIE, MEMBER_MIN and MEMBER_MAX (the generated members' ids are one range),
-- ENTERPRISES (comma-separated ids, optional), PROFILE_PAGE (optional).
local token = os.getenv("TOKEN")
local cookie = os.getenv("COOKIE")
local page = os.getenv("PROFILE_PAGE") == "1"
local low = tonumber(os.getenv("MEMBER_MIN"))
local high = tonumber(os.getenv("MEMBER_MAX"))
local enterprises = {}
for id in string.gmatch(os.getenv("ENTERPRISES") or "", "[^,]+") do enterprises[#enterprises + 1] = id end

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local headers = {}
  if page then headers["Cookie"] = cookie else headers["Authorization"] = "Bearer " .. token end
  if #enterprises > 0 and math.random() < 0.1 then
    local id = enterprises[math.random(1, #enterprises)]
    local path = page and ("/console/enterprises/" .. id .. "/profile") or ("/api/v1/enterprises/" .. id .. "/profile")
    return wrk.format("GET", path, headers)
  end
  local id = math.random(low, high)
  local path = page and ("/console/members/" .. id) or ("/api/v1/members/" .. id .. "/profile")
  return wrk.format("GET", path, headers)
end

-- wrk's summary has no 95th percentile: print it here.
done = function(summary, latency, requests)
  io.write(string.format("profile_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
