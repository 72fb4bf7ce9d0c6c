-- Booking under load (issue 14): each request asks one of the generated resources for a random slot of the
-- next 30 days, through the API with the borrower's token. 201 accepted, 409 taken; anything else is an error.
local resources, exclusive = {}, {}
for line in io.lines(os.getenv("RESOURCES")) do
  local id, ex = line:match("^RESOURCE (%S+) (%d)")
  if id then table.insert(resources, id); exclusive[id] = ex == "1" end
end
local token = os.getenv("TOKEN")
local base = math.floor(os.time() / 3600) * 3600 + 86400
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  created, conflicts, other = 0, 0, 0
end

request = function()
  local id = resources[math.random(#resources)]
  local start = base + math.random(0, 30 * 24 - 1) * 3600
  local stop = start + math.random(1, 4) * 3600
  local quantity = exclusive[id] and 1 or math.random(1, 6)
  local body = string.format('{"start":"%s","end":"%s","quantity":%d,"purpose":"banc d\'essai"}',
    os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", stop), quantity)
  return wrk.format("POST", "/api/v1/resources/" .. id .. "/bookings",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

response = function(status, headers, body)
  if status == 201 then created = created + 1 elseif status == 409 then conflicts = conflicts + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local c, k, o = 0, 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); k = k + t:get("conflicts"); o = o + t:get("other") end
  io.write(string.format("RESULT requests=%d accepted=%d conflicts=%d other=%d seconds=%.2f accepted_per_s=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
    summary.requests, c, k, o, summary.duration / 1e6, c / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
