-- Redemptions through POST /api/v1/points/redemptions: 1 point from a random member, a new key each time.
-- Environment: TOKEN (bearer), MEMBERS (comma-separated ids).
local counter = 0
local members = {}
for id in string.gmatch(os.getenv("MEMBERS"), "[^,]+") do members[#members + 1] = id end
local token = os.getenv("TOKEN")
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
end

request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/points/redemptions", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
  }, '{"memberId":"' .. members[math.random(1, #members)] .. '","points":1}')
end
