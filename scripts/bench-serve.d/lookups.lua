-- wrk script: random GET /v1/practitioners/{id} (or FHIR identifier searches with FHIR=1) over the
-- identifiers in $IDS (one per line); prints the 99th percentile and the non-2xx count at the end.
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local fhir = os.getenv("FHIR") == "1"
local counter = 0
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)

request = function()
  local id = ids[math.random(#ids)]
  if fhir then
    return wrk.format("GET", "/fhir/Practitioner?identifier=" .. id)
  end
  return wrk.format("GET", "/v1/practitioners/" .. id)
end

local bad = 0
response = function(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.3f\np99_ms %.3f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("errors %d\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status))
end
