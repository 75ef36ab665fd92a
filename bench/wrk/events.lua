-- Single events through POST /api/v1/events: a new id each time, a random member, a random amount.
-- Environment: TOKEN (bearer), MEMBERS (comma-separated ids), TYPE (event type).
local counter = 0
local members = {}
for id in string.gmatch(os.getenv("MEMBERS"), "[^,]+") do members[#members + 1] = id end
local token = os.getenv("TOKEN")
local eventType = os.getenv("TYPE")
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
end

request = function()
  counter = counter + 1
  local member = members[math.random(1, #members)]
  local body = '{"type":"' .. eventType .. '","memberId":"' .. member .. '","attributes":{"amount":'
      .. math.random(1, 500) .. '.50,"channel":"bench"}}'
  return wrk.format("POST", "/api/v1/events", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
  }, body)
end

