-- wrk script: random GET /v1/practitioners/{id} (or FHIR identifier searches with FHIR=1) over the
-- identifiers in $IDS (one per line). wrk reports the rate, the latency percentiles (--latency) and
-- the non-2xx answers itself. No `response` function: wrk would then parse every response's
-- headers and body into Lua, about a quarter of its own time per request.
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
