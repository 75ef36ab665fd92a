-- Allocations from one enterprise pool through POST /api/v1/enterprise/points/allocations: 1 point to a random
-- employee, a new key each time. Environment: TOKEN (the company admin's bearer), MEMBERS (employee ids).
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
  return wrk.format("POST", "/api/v1/enterprise/points/allocations", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
  }, '{"grants":[{"memberId":"' .. members[math.random(1, #members)] .. '","points":1}]}')
end
