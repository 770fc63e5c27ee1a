-- wrk script: random GET /v1/practitioners/{id} (or FHIR identifier searches with FHIR=1) over the
-- identifiers in $IDS (one per line); prints the rate, the median and 99th percentile and the
-- errors at the end. No `response` function: wrk would then parse every response's headers and
-- body into Lua, a third of its own time per request; it counts non-2xx responses itself.
-- The requests are formatted once, when a thread starts (wrk runs the script in each thread), so
-- that wrk, which shares the cores with the server, spends its time sending them.
local fhir = os.getenv("FHIR") == "1"
local path = fhir and "/fhir/Practitioner?identifier=" or "/v1/practitioners/"
local requests = {}
for id in io.lines(os.getenv("IDS")) do requests[#requests + 1] = wrk.format("GET", path .. id) end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)

request = function()
  return requests[math.random(#requests)]
end

done = function(summary, latency, requests)
  io.write(string.format("requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.3f\np99_ms %.3f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("errors %d\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status))
end
