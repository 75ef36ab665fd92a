-- Redemptions from the points mall through POST /api/v1/me/redemptions: each request signed in as a random member
-- (their own bearer token), one unit of one reward, a new key each time. Environment: TOKEN (comma-separated member
-- tokens), TYPE (the reward id).
local counter = 0
local tokens = {}
for t in string.gmatch(os.getenv("TOKEN"), "[^,]+") do tokens[#tokens + 1] = t end
local reward = os.getenv("TYPE")
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
end

request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/me/redemptions", {
    ["Authorization"] = "Bearer " .. tokens[math.random(1, #tokens)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
  }, '{"rewardId":"' .. reward .. '","quantity":1}')
end
