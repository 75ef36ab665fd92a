-- Checkout with a points split through POST /api/v1/orders: front-desk staff order a coffee set (120 yuan) for a
-- random employee, 1,000 points (10 yuan) held and captured, the rest on the company bill; a new key each time.
-- Environment: TOKEN (bearer, operator staff), MEMBERS (comma-separated ids), TYPE (the offering id).
local counter = 0
local members = {}
for id in string.gmatch(os.getenv("MEMBERS"), "[^,]+") do members[#members + 1] = id end
local token = os.getenv("TOKEN")
local offering = os.getenv("TYPE")
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
end

request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/orders", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
  }, '{"memberId":"' .. members[math.random(1, #members)] .. '","lines":[{"offeringId":"' .. offering
     .. '","quantity":1}],"paymentMethod":"ENTERPRISE_BILLING","pointsToUse":1000}')
end

done = function(summary, latency, requests)
  io.write(string.format("checkout_p95_ms %.1f\n", latency:percentile(95) / 1000))
end
